namespace GrcCloud.Host.Features.Requests.Forms;

public enum AttachmentKind
{
    Jpeg,
    Png,
    Pdf,
}

/// <summary>A file's verdict: its kind read from its content, or a French refusal naming it.</summary>
public sealed record AttachmentCheck(AttachmentKind? Kind, string? Error)
{
    public bool IsAccepted => Kind is not null;

    public string? ContentType => Kind switch
    {
        AttachmentKind.Jpeg => "image/jpeg",
        AttachmentKind.Png => "image/png",
        AttachmentKind.Pdf => "application/pdf",
        _ => null,
    };

    /// <summary>
    /// How a stored file is served: its detected type and that type's extension. Anything else (a row
    /// written by older code) goes out as bytes to save, never as something a browser would run.
    /// </summary>
    public static (string ContentType, string Extension) Served(string storedType) => storedType switch
    {
        "image/jpeg" => (storedType, ".jpg"),
        "image/png" => (storedType, ".png"),
        "application/pdf" => (storedType, ".pdf"),
        _ => ("application/octet-stream", ".bin"),
    };

    /// <summary>The name a download gets: the request's reference and the file's rank, never the uploader's name.</summary>
    public static string DownloadName(string reference, int rank, string storedType) => $"{reference}-{rank}{Served(storedType).Extension}";
}

/// <summary>
/// What a resident may attach: photos (JPEG, PNG) and PDF, recognised by their first bytes (a name or a
/// browser's content type proves nothing), 10 MB at most each. Photos lose their metadata (the GPS position).
/// </summary>
public static class AttachmentChecks
{
    public const int MaxFilesDefault = 5;
    public const long MaxBytes = 10 * 1024 * 1024;

    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();

    public const int MaxNameLength = 255;

    /// <summary>Reads the first bytes of <paramref name="content"/> (its position is restored when it can seek).</summary>
    public static AttachmentCheck Check(string fileName, Stream content, long length)
    {
        ArgumentNullException.ThrowIfNull(content);
        // A NUL or a line break has no place in a name (and PostgreSQL cannot store a NUL).
        if (fileName.Any(char.IsControl))
            return new(null, "Le nom d'un fichier contient des caractères non autorisés : renommez-le et recommencez.");
        var name = ShownName(fileName);
        if (length <= 0)
            return new(null, $"Le fichier « {name} » est vide.");
        if (length > MaxBytes)
            return new(null, $"Le fichier « {name} » dépasse 10 Mo.");

        var head = new byte[8];
        var start = content.CanSeek ? content.Position : 0;
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (content.CanSeek)
            content.Position = start;
        var bytes = head.AsSpan(0, read);

        AttachmentKind? kind = bytes.StartsWith(JpegMagic) ? AttachmentKind.Jpeg
            : bytes.StartsWith(PngMagic) ? AttachmentKind.Png
            : bytes.StartsWith(PdfMagic) ? AttachmentKind.Pdf
            : null;
        return kind is null
            ? new(null, $"Le fichier « {name} » n'est ni une photo (JPEG, PNG) ni un PDF.")
            : new(kind, null);
    }

    /// <summary>
    /// The uploader's name as pages may show it (escaped, as text; never in a header): the last part of
    /// a client path (some browsers send one), without control characters nor the bidirectional
    /// controls that make "exe.pdf" read as "fdp.exe", at most 255 characters (the end, with the extension).
    /// </summary>
    public static string ShownName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c) && !IsBidiControl(c))]).Trim();
        return name.Length > MaxNameLength ? name[^MaxNameLength..] : name;
    }

    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>
    /// Removes the APPn segments but APP0 (JFIF) and APP14 (Adobe, needed for colours), and comments:
    /// APP1 carries Exif and XMP, with the place the photo was taken. Walks the segments up to the
    /// start of scan and copies the rest unchanged. Throws <see cref="InvalidDataException"/> on a
    /// malformed JPEG (refuse the file then).
    /// </summary>
    public static byte[] StripJpegMetadata(byte[] jpeg)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
            throw new InvalidDataException("Ce fichier n'est pas un JPEG.");

        using var output = new MemoryStream(jpeg.Length);
        output.Write(jpeg, 0, 2);
        var position = 2;
        while (true)
        {
            if (position + 2 > jpeg.Length || jpeg[position] != 0xFF)
                throw new InvalidDataException("JPEG mal formé : marqueur attendu.");
            while (position + 1 < jpeg.Length && jpeg[position + 1] == 0xFF)
                position++; // fill bytes before a marker
            if (position + 2 > jpeg.Length)
                throw new InvalidDataException("JPEG mal formé : fin inattendue.");
            var marker = jpeg[position + 1];

            if (marker == 0xD9) // end of image without a scan
            {
                output.Write(jpeg, position, 2);
                return output.ToArray();
            }
            if (marker == 0x01 || marker is >= 0xD0 and <= 0xD7) // markers without a length
            {
                output.Write(jpeg, position, 2);
                position += 2;
                continue;
            }
            if (position + 4 > jpeg.Length)
                throw new InvalidDataException("JPEG mal formé : segment tronqué.");
            var segmentLength = (jpeg[position + 2] << 8) | jpeg[position + 3]; // includes its own 2 bytes
            if (segmentLength < 2 || position + 2 + segmentLength > jpeg.Length)
                throw new InvalidDataException("JPEG mal formé : longueur de segment invalide.");

            if (marker == 0xDA) // start of scan: the image data and what follows are copied as they are
            {
                output.Write(jpeg, position, jpeg.Length - position);
                return output.ToArray();
            }
            var isMetadata = (marker is >= 0xE0 and <= 0xEF && marker is not 0xE0 and not 0xEE) || marker == 0xFE;
            if (!isMetadata)
                output.Write(jpeg, position, 2 + segmentLength);
            position += 2 + segmentLength;
        }
    }
}
