// Verifies a document dumped by a reader (DIR/EF.COM.bin, EF.SOD.bin, DG1.bin … as
// `idverify read --dump DIR` writes them) from memory through the C# binding, and prints the
// verdict and every check.
//
// usage: VerifyDump.exe [--config FILE] TRUST DUMP_DIR [NOW_UNIX [IMAGE | BUNDLE_DIR]]
//        FILE: the verifier's configuration (schema/verifier-config.schema.json)
//        TRUST: a CSCA certificate, CRL or folder of them
//        IMAGE: a scan of the data page under white light, whose MRZ is the printed one
//        BUNDLE_DIR: a capture bundle (`verify scan --out`): its images and MRZ text
// prints: with IMAGE "mrz: JSON" (the MRZ read from it), then "verdict: V", then one
//         "CHECK_ID STATUS text" line per check
// exit:   0 genuine, 1 failed or suspicious, 3 incomplete, 2 error (as the CLI)

using System;
using System.IO;
using Idverify;

public static class VerifyDump
{
    public static int Main(string[] args)
    {
        string config = null;
        if (args.Length >= 2 && args[0] == "--config")
        {
            config = args[1];
            string[] rest = new string[args.Length - 2];
            Array.Copy(args, 2, rest, 0, rest.Length);
            args = rest;
        }
        if (args.Length < 2 || args.Length > 4)
        {
            Console.Error.WriteLine("usage: VerifyDump.exe [--config FILE] TRUST DUMP_DIR [NOW_UNIX [IMAGE | BUNDLE_DIR]]");
            return 2;
        }
        try
        {
            Library.CheckAbi();
            DateTimeOffset now = args.Length >= 3
                ? DateTimeOffset.FromUnixTimeSeconds(long.Parse(args[2]))
                : DateTimeOffset.UtcNow;
            using (var store = new TrustStore())
            using (var document = new Document())
            {
                store.AddPath(args[0], now);
                int files = 0;
                foreach (ChipFile file in Enum.GetValues(typeof(ChipFile)))
                {
                    string path = Path.Combine(args[1], FileName(file) + ".bin");
                    if (!File.Exists(path)) continue;
                    document.AddFile(file, File.ReadAllBytes(path));
                    files++;
                }
                if (files == 0)
                {
                    Console.Error.WriteLine("no chip files in " + args[1]);
                    return 2;
                }
                if (args.Length == 4 && Directory.Exists(args[3]))
                {
                    document.AddBundle(args[3]);
                }
                else if (args.Length == 4)
                {
                    byte[] image = File.ReadAllBytes(args[3]);
                    Console.WriteLine("mrz: " + MrzReader.ReadImage(image));
                    document.AddImage(Light.White, 1, 0, image);
                }
                using (var verifier = new Verifier(store))
                {
                    if (config != null) verifier.Configure(File.ReadAllText(config));
                    return Print(verifier.Verify(document, now));
                }
            }
        }
        catch (IdvException e)
        {
            Console.Error.WriteLine("idverify error " + e.Code + ": " + e.Message);
            return 2;
        }
    }

    /// <summary>Prints the verdict and every check; the exit code from the verdict.</summary>
    private static int Print(Report verified)
    {
        using (var report = verified)
        {
            Verdict verdict = report.Verdict;
            Console.WriteLine("verdict: " + verdict);
            foreach (Check check in report.Checks)
                Console.WriteLine(check.Id + " " + check.Status + " " + check.TextEn);
            switch (verdict)
            {
                case Verdict.Genuine: return 0;
                case Verdict.Incomplete: return 3;
                default: return 1;
            }
        }
    }

    /// <summary>The dump's name of a chip file: EF.COM, EF.SOD, EF.CardAccess, DG1 ….</summary>
    private static string FileName(ChipFile file)
    {
        switch (file)
        {
            case ChipFile.Com: return "EF.COM";
            case ChipFile.Sod: return "EF.SOD";
            case ChipFile.CardAccess: return "EF.CardAccess";
            case ChipFile.CardSecurity: return "EF.CardSecurity";
            default: return "DG" + ((uint)file - 100);
        }
    }
}
