//! CMS SignedData, certificates, the trust store (master lists, CSCAs, CRLs) and passive
//! authentication. No I/O.
