// idverify for C#: a P/Invoke binding of the C ABI (include/idverify.h, ABI version 1).
//
// One SafeHandle per idv handle (trust store, verifier, document, report, MRZ read), so a handle is
// freed exactly once, also when an exception unwinds; every idv_result other than IDV_OK
// becomes an IdvException carrying the code, the library's message and this thread's error
// detail. Strings cross as UTF-8 with explicit lengths, as the C ABI takes them.
//
// The file is plain C# 7.2 without newer library types: it builds with Mono's mcs and
// targets .NET Framework 4.x (Mono), .NET Core 3.1 and .NET 5 to 9 alike. The native
// library is found as "idverify" (libidverify.so on Linux: the package installs it, or set
// LD_LIBRARY_PATH).

using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace Idverify
{
    /// <summary>The overall verdict (idv_verdict).</summary>
    public enum Verdict { Genuine = 0, Suspicious = 1, Failed = 2, Incomplete = 3 }

    /// <summary>The status of one check (idv_check_status).</summary>
    public enum CheckStatus { Passed = 0, Failed = 1, Warning = 2, NotChecked = 3, Unsupported = 4 }

    /// <summary>A file of the chip (idv_file).</summary>
    public enum ChipFile : uint
    {
        CardAccess = 1, CardSecurity = 2, Com = 3, Sod = 4,
        Dg1 = 101, Dg2 = 102, Dg3 = 103, Dg4 = 104, Dg5 = 105, Dg6 = 106, Dg7 = 107, Dg8 = 108,
        Dg9 = 109, Dg10 = 110, Dg11 = 111, Dg12 = 112, Dg13 = 113, Dg14 = 114, Dg15 = 115,
        Dg16 = 116,
    }

    /// <summary>The outcome of a chip protocol the caller's own reader ran (idv_protocol_outcome).</summary>
    public enum ProtocolOutcome : uint { Passed = 1, Failed = 2, Unsupported = 3 }

    /// <summary>The light a scanned image was taken under (idv_light).</summary>
    public enum Light : uint { White = 1, Ir = 2, Uv = 3, Coaxial = 4 }

    /// <summary>How a raw pixel buffer's samples are laid out (idv_pixel_format); 16-bit
    /// samples little-endian.</summary>
    public enum PixelFormat : uint { Grey8 = 1, Grey16 = 2, Rgb8 = 3, Rgb16 = 4, Rgba8 = 5 }

    /// <summary>A call into idverify that did not return IDV_OK.</summary>
    public sealed class IdvException : Exception
    {
        /// <summary>The idv_result code (stable: see the header).</summary>
        public int Code { get; private set; }
        /// <summary>This thread's error detail when the call failed, or "".</summary>
        public string Detail { get; private set; }

        internal IdvException(int code, string message, string detail)
            : base(detail.Length > 0 ? message + ": " + detail : message)
        {
            Code = code;
            Detail = detail;
        }
    }

    /// <summary>One check of a report.</summary>
    public sealed class Check
    {
        /// <summary>The stable id, e.g. "pa.sod_signature".</summary>
        public string Id { get; internal set; }
        /// <summary>The status.</summary>
        public CheckStatus Status { get; internal set; }
        /// <summary>What was found, in German.</summary>
        public string TextDe { get; internal set; }
        /// <summary>What was found, in English.</summary>
        public string TextEn { get; internal set; }
    }

    internal static class Native
    {
        private const string Lib = "idverify";

        [StructLayout(LayoutKind.Sequential)]
        internal struct IdvCheck
        {
            public IntPtr Id;
            public UIntPtr IdLen;
            public int Status;
            public IntPtr TextDe;
            public UIntPtr TextDeLen;
            public IntPtr TextEn;
            public UIntPtr TextEnLen;
        }

        [DllImport(Lib)] internal static extern uint idv_abi_version();
        [DllImport(Lib)] internal static extern uint idv_api_version();
        [DllImport(Lib)] internal static extern IntPtr idv_error_message(int code);
        [DllImport(Lib)] internal static extern int idv_last_error_detail(byte[] buf, UIntPtr bufLen, out UIntPtr lenOut);

        [DllImport(Lib)] internal static extern int idv_trust_store_new(out TrustStoreHandle store);
        [DllImport(Lib)] internal static extern int idv_trust_store_add_master_list_root(TrustStoreHandle store, byte[] der, UIntPtr len);
        [DllImport(Lib)] internal static extern int idv_trust_store_add_bytes(TrustStoreHandle store, byte[] bytes, UIntPtr len, long nowUnix);
        [DllImport(Lib)] internal static extern int idv_trust_store_add_path(TrustStoreHandle store, byte[] path, UIntPtr pathLen, long nowUnix);
        [DllImport(Lib)] internal static extern int idv_trust_store_count(TrustStoreHandle store, out UIntPtr cscas, out UIntPtr crls);
        [DllImport(Lib)] internal static extern int idv_trust_store_free(IntPtr store);

        [DllImport(Lib)] internal static extern int idv_verifier_new(TrustStoreHandle store, out VerifierHandle verifier);
        [DllImport(Lib)] internal static extern int idv_verifier_free(IntPtr verifier);
        [DllImport(Lib)] internal static extern int idv_verifier_configure_json(VerifierHandle verifier, byte[] json, UIntPtr jsonLen);
        [DllImport(Lib)] internal static extern int idv_verifier_config_json(VerifierHandle verifier, out IntPtr json, out UIntPtr len);

        [DllImport(Lib)] internal static extern int idv_document_new(out DocumentHandle document);
        [DllImport(Lib)] internal static extern int idv_document_add_file(DocumentHandle document, uint file, byte[] bytes, UIntPtr len);
        [DllImport(Lib)] internal static extern int idv_document_set_optical_mrz(DocumentHandle document, byte[] mrz, UIntPtr len);
        [DllImport(Lib)] internal static extern int idv_document_set_chip_authentication(DocumentHandle document, uint outcome, byte[] detail, UIntPtr len);
        [DllImport(Lib)] internal static extern int idv_document_set_active_authentication(DocumentHandle document, uint outcome, byte[] detail, UIntPtr len);
        [DllImport(Lib)] internal static extern int idv_verify_document(VerifierHandle verifier, DocumentHandle document, long nowUnix, out ReportHandle report);
        [DllImport(Lib)] internal static extern int idv_document_free(IntPtr document);

        [DllImport(Lib)] internal static extern int idv_document_add_image(DocumentHandle document, uint light, uint page, uint dpi, byte[] bytes, UIntPtr len);
        [DllImport(Lib)] internal static extern int idv_document_add_bundle(DocumentHandle document, byte[] dir, UIntPtr dirLen);
        [DllImport(Lib)] internal static extern int idv_document_add_image_pixels(DocumentHandle document, uint light, uint page, uint dpi, byte[] pixels, UIntPtr len, uint width, uint height, UIntPtr stride, uint format);

        [DllImport(Lib)] internal static extern int idv_mrz_read_image(byte[] bytes, UIntPtr len, out MrzReadHandle read);
        [DllImport(Lib)] internal static extern int idv_mrz_read_pixels(byte[] pixels, UIntPtr len, uint width, uint height, UIntPtr stride, uint format, uint dpi, out MrzReadHandle read);
        [DllImport(Lib)] internal static extern int idv_mrz_read_json(MrzReadHandle read, out IntPtr json, out UIntPtr len);
        [DllImport(Lib)] internal static extern int idv_mrz_read_free(IntPtr read);

        [DllImport(Lib)] internal static extern int idv_report_verdict(ReportHandle report, out int verdict);
        [DllImport(Lib)] internal static extern int idv_report_check_count(ReportHandle report, out UIntPtr count);
        [DllImport(Lib)] internal static extern int idv_report_check(ReportHandle report, UIntPtr index, out IdvCheck check);
        [DllImport(Lib)] internal static extern int idv_report_json(ReportHandle report, out IntPtr json, out UIntPtr len);
        [DllImport(Lib)] internal static extern int idv_report_free(IntPtr report);

        /// <summary>Throws an IdvException for any result but IDV_OK.</summary>
        internal static void Check(int result)
        {
            if (result == 0) return;
            string message = Marshal.PtrToStringAnsi(idv_error_message(result)) ?? "idverify error";
            throw new IdvException(result, message, LastErrorDetail());
        }

        private static string LastErrorDetail()
        {
            UIntPtr len;
            if (idv_last_error_detail(null, UIntPtr.Zero, out len) != 0) return "";
            var buf = new byte[(int)Math.Min(len.ToUInt64(), 65536)];
            if (buf.Length == 0 || idv_last_error_detail(buf, (UIntPtr)buf.Length, out len) != 0) return "";
            return Encoding.UTF8.GetString(buf, 0, (int)Math.Min(len.ToUInt64(), (ulong)buf.Length));
        }

        /// <summary>UTF-8 text of `len` bytes at `ptr` (borrowed from a live handle).</summary>
        internal static string Utf8(IntPtr ptr, UIntPtr len)
        {
            int n = checked((int)len.ToUInt64());
            if (ptr == IntPtr.Zero || n == 0) return "";
            var bytes = new byte[n];
            Marshal.Copy(ptr, bytes, 0, n);
            return Encoding.UTF8.GetString(bytes);
        }

        internal static byte[] Utf8(string text)
        {
            return text == null ? null : Encoding.UTF8.GetBytes(text);
        }

        internal static UIntPtr Len(byte[] bytes)
        {
            return (UIntPtr)(bytes == null ? 0 : bytes.Length);
        }

        internal static long Unix(DateTimeOffset time)
        {
            return time.ToUnixTimeSeconds();
        }
    }

    internal sealed class TrustStoreHandle : SafeHandle
    {
        public TrustStoreHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }
        protected override bool ReleaseHandle() { return Native.idv_trust_store_free(handle) == 0; }
    }

    internal sealed class VerifierHandle : SafeHandle
    {
        public VerifierHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }
        protected override bool ReleaseHandle() { return Native.idv_verifier_free(handle) == 0; }
    }

    internal sealed class DocumentHandle : SafeHandle
    {
        public DocumentHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }
        protected override bool ReleaseHandle() { return Native.idv_document_free(handle) == 0; }
    }

    internal sealed class ReportHandle : SafeHandle
    {
        public ReportHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }
        protected override bool ReleaseHandle() { return Native.idv_report_free(handle) == 0; }
    }

    internal sealed class MrzReadHandle : SafeHandle
    {
        public MrzReadHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }
        protected override bool ReleaseHandle() { return Native.idv_mrz_read_free(handle) == 0; }
    }

    /// <summary>The MRZ read from a scanned image (idv_mrz_read_*), as JSON: lines, layout,
    /// certain, min_confidence, uncertain (line, column, reason), optical (per character).
    /// An image without an MRZ throws IdvException with code 20 (IDV_ERR_NO_MRZ).</summary>
    public static class MrzReader
    {
        /// <summary>From an encoded image file (PNG, JPEG, TIFF, BMP).</summary>
        public static string ReadImage(byte[] image)
        {
            MrzReadHandle read;
            Native.Check(Native.idv_mrz_read_image(image, Native.Len(image), out read));
            return Json(read);
        }

        /// <summary>From a raw pixel buffer; stride 0 for rows without padding, dpi 0 if unknown.</summary>
        public static string ReadPixels(byte[] pixels, uint width, uint height, ulong stride, PixelFormat format, uint dpi)
        {
            MrzReadHandle read;
            Native.Check(Native.idv_mrz_read_pixels(pixels, Native.Len(pixels), width, height, (UIntPtr)stride, (uint)format, dpi, out read));
            return Json(read);
        }

        private static string Json(MrzReadHandle read)
        {
            using (read)
            {
                IntPtr json;
                UIntPtr len;
                Native.Check(Native.idv_mrz_read_json(read, out json, out len));
                return Native.Utf8(json, len);
            }
        }
    }

    /// <summary>The library's versions.</summary>
    public static class Library
    {
        /// <summary>The ABI version this binding was written for (the header's IDV_ABI_VERSION).</summary>
        public const uint AbiVersion = 1;

        /// <summary>The loaded library's ABI version (its soname's major).</summary>
        public static uint LoadedAbiVersion { get { return Native.idv_abi_version(); } }

        /// <summary>The loaded library's API version, major.minor.</summary>
        public static Version ApiVersion
        {
            get
            {
                uint v = Native.idv_api_version();
                return new Version((int)(v >> 16), (int)(v & 0xFFFF));
            }
        }

        /// <summary>Throws unless the loaded library has this binding's ABI.</summary>
        public static void CheckAbi()
        {
            uint loaded = LoadedAbiVersion;
            if (loaded != AbiVersion)
                throw new InvalidOperationException(
                    "libidverify has ABI " + loaded + ", this binding needs " + AbiVersion);
        }
    }

    /// <summary>CSCA certificates, CRLs and master lists (idv_trust_store).</summary>
    public sealed class TrustStore : IDisposable
    {
        internal readonly TrustStoreHandle Handle;

        public TrustStore()
        {
            Native.Check(Native.idv_trust_store_new(out Handle));
        }

        /// <summary>A master-list root (DER or PEM): master lists are trusted only through one.</summary>
        public void AddMasterListRoot(byte[] certificate)
        {
            Native.Check(Native.idv_trust_store_add_master_list_root(Handle, certificate, Native.Len(certificate)));
        }

        /// <summary>A certificate, CRL or master list, recognised by content.</summary>
        public void Add(byte[] bytes, DateTimeOffset now)
        {
            Native.Check(Native.idv_trust_store_add_bytes(Handle, bytes, Native.Len(bytes), Native.Unix(now)));
        }

        /// <summary>A file, or every file of a folder.</summary>
        public void AddPath(string path, DateTimeOffset now)
        {
            byte[] p = Native.Utf8(path);
            Native.Check(Native.idv_trust_store_add_path(Handle, p, Native.Len(p), Native.Unix(now)));
        }

        /// <summary>How many CSCA certificates the store holds.</summary>
        public ulong CscaCount
        {
            get
            {
                UIntPtr cscas, crls;
                Native.Check(Native.idv_trust_store_count(Handle, out cscas, out crls));
                return cscas.ToUInt64();
            }
        }

        public void Dispose() { Handle.Dispose(); }
    }

    /// <summary>Checks documents against a copy of a trust store (idv_verifier).</summary>
    public sealed class Verifier : IDisposable
    {
        private readonly VerifierHandle handle;

        public Verifier(TrustStore store)
        {
            Native.Check(Native.idv_verifier_new(store.Handle, out handle));
        }

        /// <summary>Replaces the configuration with a JSON document
        /// (schema/verifier-config.schema.json; idv_verifier_configure_json, API 1.5). A refused
        /// document throws IdvException with code 3 and the JSON path in its message.</summary>
        public void Configure(string json)
        {
            byte[] j = Native.Utf8(json);
            Native.Check(Native.idv_verifier_configure_json(handle, j, Native.Len(j)));
        }

        /// <summary>The effective configuration as JSON (idv_verifier_config_json).</summary>
        public string ConfigJson
        {
            get
            {
                IntPtr json;
                UIntPtr len;
                Native.Check(Native.idv_verifier_config_json(handle, out json, out len));
                return Native.Utf8(json, len);
            }
        }

        /// <summary>Verifies a document held in memory at `now`.</summary>
        public Report Verify(Document document, DateTimeOffset now)
        {
            ReportHandle report;
            Native.Check(Native.idv_verify_document(handle, document.Handle, Native.Unix(now), out report));
            return new Report(report);
        }

        public void Dispose() { handle.Dispose(); }
    }

    /// <summary>A document's chip files and what the desk knows of it (idv_document).</summary>
    public sealed class Document : IDisposable
    {
        internal readonly DocumentHandle Handle;

        public Document()
        {
            Native.Check(Native.idv_document_new(out Handle));
        }

        /// <summary>The bytes of one chip file (copied).</summary>
        public void AddFile(ChipFile file, byte[] bytes)
        {
            Native.Check(Native.idv_document_add_file(Handle, (uint)file, bytes, Native.Len(bytes)));
        }

        /// <summary>The MRZ read from the page (lines separated by newlines); null clears it.</summary>
        public void SetOpticalMrz(string mrz)
        {
            byte[] m = Native.Utf8(mrz);
            Native.Check(Native.idv_document_set_optical_mrz(Handle, m, Native.Len(m)));
        }

        /// <summary>A scanned image file (copied) taken under `light`, page from 1, the
        /// scanner's dpi (0: not reported). Without an optical MRZ set, the MRZ is read from
        /// the white image, else the infrared one; the report lists every image's SHA-256.</summary>
        public void AddImage(Light light, uint page, uint dpi, byte[] image)
        {
            Native.Check(Native.idv_document_add_image(Handle, (uint)light, page, dpi, image, Native.Len(image)));
        }

        /// <summary>A capture bundle folder (API 1.5): every image its manifest.json lists,
        /// with its light, page and dpi, and the MRZ text it carries (a serial reader's or a
        /// typed one), which replaces an optical MRZ set before. A broken bundle throws with
        /// IDV_ERR_BUNDLE (23) and adds nothing.</summary>
        public void AddBundle(string dir)
        {
            byte[] d = Native.Utf8(dir);
            Native.Check(Native.idv_document_add_bundle(Handle, d, Native.Len(d)));
        }

        /// <summary>A scanner SDK's raw pixel buffer (copied); stride 0 for rows without padding.</summary>
        public void AddImagePixels(Light light, uint page, uint dpi, byte[] pixels, uint width, uint height, ulong stride, PixelFormat format)
        {
            Native.Check(Native.idv_document_add_image_pixels(Handle, (uint)light, page, dpi, pixels, Native.Len(pixels), width, height, (UIntPtr)stride, (uint)format));
        }

        /// <summary>States what the desk's own reader found when it ran chip authentication.</summary>
        public void StateChipAuthentication(ProtocolOutcome outcome, string detail)
        {
            byte[] d = Native.Utf8(detail);
            Native.Check(Native.idv_document_set_chip_authentication(Handle, (uint)outcome, d, Native.Len(d)));
        }

        /// <summary>States what the desk's own reader found when it ran active authentication.</summary>
        public void StateActiveAuthentication(ProtocolOutcome outcome, string detail)
        {
            byte[] d = Native.Utf8(detail);
            Native.Check(Native.idv_document_set_active_authentication(Handle, (uint)outcome, d, Native.Len(d)));
        }

        public void Dispose() { Handle.Dispose(); }
    }

    /// <summary>The result of a verification (idv_report): verdict, checks, JSON.</summary>
    public sealed class Report : IDisposable
    {
        private readonly ReportHandle handle;

        internal Report(ReportHandle handle) { this.handle = handle; }

        /// <summary>The overall verdict.</summary>
        public Verdict Verdict
        {
            get
            {
                int v;
                Native.Check(Native.idv_report_verdict(handle, out v));
                return (Verdict)v;
            }
        }

        /// <summary>Every check, in the report's order (strings copied out of the report).</summary>
        public IList<Check> Checks
        {
            get
            {
                UIntPtr count;
                Native.Check(Native.idv_report_check_count(handle, out count));
                var checks = new List<Check>();
                for (ulong i = 0; i < count.ToUInt64(); i++)
                {
                    Native.IdvCheck c;
                    Native.Check(Native.idv_report_check(handle, (UIntPtr)i, out c));
                    checks.Add(new Check
                    {
                        Id = Native.Utf8(c.Id, c.IdLen),
                        Status = (CheckStatus)c.Status,
                        TextDe = Native.Utf8(c.TextDe, c.TextDeLen),
                        TextEn = Native.Utf8(c.TextEn, c.TextEnLen),
                    });
                }
                return checks;
            }
        }

        /// <summary>The report as JSON (schema/report.schema.json).</summary>
        public string Json
        {
            get
            {
                IntPtr json;
                UIntPtr len;
                Native.Check(Native.idv_report_json(handle, out json, out len));
                return Native.Utf8(json, len);
            }
        }

        public void Dispose() { handle.Dispose(); }
    }
}
