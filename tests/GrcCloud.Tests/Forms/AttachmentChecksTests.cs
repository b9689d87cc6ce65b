using System.Text;
using GrcCloud.Host.Features.Requests.Forms;

namespace GrcCloud.Tests.Forms;

/// <summary>Files are recognised by their content, not their name; photos lose their position before they are kept.</summary>
public sealed class AttachmentChecksTests
{
    private static readonly byte[] ScanData = [0x12, 0x34, 0xFF, 0x00, 0x56, 0x78, 0x9A];

    /// <summary>A small baseline JPEG's structure: JFIF, Exif with GPS, a comment, tables, frame, scan, end.</summary>
    private static byte[] PhotoWithGps()
    {
        var jpeg = new List<byte> { 0xFF, 0xD8 };
        jpeg.AddRange(Segment(0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
        jpeg.AddRange(Segment(0xE1, [.. "Exif\0\0"u8, .. "MM\0*GPSLatitude 43.6989 GPSLongitude 1.8187"u8]));
        jpeg.AddRange(Segment(0xE2, [.. "ICC_PROFILE\0"u8, 1, 1]));
        jpeg.AddRange(Segment(0xFE, [.. "Lavaur, chez moi"u8]));
        jpeg.AddRange(Segment(0xEE, [.. "Adobe"u8, 0, 100, 0, 0, 0, 0, 1]));
        jpeg.AddRange(Segment(0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]));
        jpeg.AddRange(Segment(0xC0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]));
        jpeg.AddRange(Segment(0xC4, [0, .. new byte[16]]));
        jpeg.AddRange(Segment(0xDA, [1, 1, 0, 0, 63, 0]));
        jpeg.AddRange(ScanData);
        jpeg.AddRange([0xFF, 0xD9]);
        return [.. jpeg];
    }

    private static byte[] Segment(byte marker, byte[] data) =>
        [0xFF, marker, (byte)((data.Length + 2) >> 8), (byte)((data.Length + 2) & 0xFF), .. data];

    private static bool HasMarker(byte[] jpeg, byte marker)
    {
        // Walk the header segments as a decoder would.
        for (var i = 2; i + 4 <= jpeg.Length && jpeg[i + 1] != 0xDA;)
        {
            if (jpeg[i + 1] == marker)
                return true;
            i += 2 + ((jpeg[i + 2] << 8) | jpeg[i + 3]);
        }
        return false;
    }

    private static AttachmentCheck Check(string name, byte[] content) => AttachmentChecks.Check(name, new MemoryStream(content), content.Length);

    [Fact]
    public void A_photo_is_recognised_and_loses_its_exif_but_keeps_its_image()
    {
        var photo = PhotoWithGps();
        var check = Check("IMG_0001.JPG", photo);
        Assert.True(check.IsAccepted);
        Assert.Equal(AttachmentKind.Jpeg, check.Kind);
        Assert.Equal("image/jpeg", check.ContentType);

        var stripped = AttachmentChecks.StripJpegMetadata(photo);

        Assert.Equal([0xFF, 0xD8], stripped[..2]);
        Assert.Equal([0xFF, 0xD9], stripped[^2..]);
        Assert.False(HasMarker(stripped, 0xE1));
        Assert.False(HasMarker(stripped, 0xE2));
        Assert.False(HasMarker(stripped, 0xFE));
        Assert.True(HasMarker(stripped, 0xE0));
        Assert.True(HasMarker(stripped, 0xEE));
        Assert.True(HasMarker(stripped, 0xDB));
        Assert.True(HasMarker(stripped, 0xC0));
        Assert.DoesNotContain("GPS", Encoding.Latin1.GetString(stripped), StringComparison.Ordinal);
        Assert.DoesNotContain("Lavaur", Encoding.Latin1.GetString(stripped), StringComparison.Ordinal);
        Assert.Equal(ScanData, stripped[^(ScanData.Length + 2)..^2]);
        Assert.Equal(AttachmentKind.Jpeg, Check("x.jpg", stripped).Kind);
    }

    [Fact]
    public void A_truncated_jpeg_cannot_be_stripped()
    {
        var photo = PhotoWithGps();
        Assert.Throws<InvalidDataException>(() => AttachmentChecks.StripJpegMetadata(photo[..30]));
        Assert.Throws<InvalidDataException>(() => AttachmentChecks.StripJpegMetadata("%PDF-1.7"u8.ToArray()));
    }

    [Fact]
    public void A_pdf_and_a_png_are_recognised_by_their_first_bytes()
    {
        Assert.Equal(AttachmentKind.Pdf, Check("justificatif", "%PDF-1.7\n%âãÏÓ\n"u8.ToArray()).Kind);
        Assert.Equal(AttachmentKind.Png, Check("plan.bin", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]).Kind);
    }

    [Fact]
    public void A_text_file_named_like_a_photo_is_refused()
    {
        var check = Check("photo.jpg", "Ceci n'est pas une photo."u8.ToArray());
        Assert.False(check.IsAccepted);
        Assert.Equal("Le fichier « photo.jpg » n'est ni une photo (JPEG, PNG) ni un PDF.", check.Error);
    }

    [Fact]
    public void The_check_leaves_the_stream_where_it_was()
    {
        var stream = new MemoryStream("%PDF-1.7"u8.ToArray());
        AttachmentChecks.Check("a.pdf", stream, stream.Length);
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public void A_file_over_ten_megabytes_is_refused_without_being_read()
    {
        using var stream = new HugeStream(AttachmentChecks.MaxBytes + 1);
        var check = AttachmentChecks.Check(@"C:\Users\marie\scan.pdf", stream, stream.Length);
        Assert.Equal("Le fichier « scan.pdf » dépasse 10 Mo.", check.Error);
        Assert.Equal(0, stream.Position);
        Assert.True(Check("limite.pdf", [.. "%PDF-"u8]).IsAccepted);
    }

    [Fact]
    public void An_empty_file_is_refused() =>
        Assert.Equal("Le fichier « vide.pdf » est vide.", Check("vide.pdf", []).Error);

    /// <summary>A stream that claims a length and refuses to be read.</summary>
    private sealed class HugeStream(long length) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get; set; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("lu");
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData("C:\\Users\\lea\\photo.jpg", "photo.jpg")]
    [InlineData("run\u202Efdp.hta", "runfdp.hta")]
    [InlineData("a\u2066b\u200Fc\u061C.pdf", "abc.pdf")]
    public void A_name_is_shown_without_its_client_path_nor_bidirectional_controls(string posted, string shown) =>
        Assert.Equal(shown, AttachmentChecks.ShownName(posted));

    [Theory]
    [InlineData("nid\0.jpg")]
    [InlineData("nid\n.jpg")]
    public void A_name_with_a_control_character_is_refused_with_a_french_message(string name)
    {
        var check = AttachmentChecks.Check(name, new MemoryStream(PhotoWithGps()), PhotoWithGps().Length);

        Assert.False(check.IsAccepted);
        Assert.Equal("Le nom d'un fichier contient des caractères non autorisés : renommez-le et recommencez.", check.Error);
    }

    [Theory]
    [InlineData("image/jpeg", "image/jpeg", "LAV-2026-000123-2.jpg")]
    [InlineData("image/png", "image/png", "LAV-2026-000123-2.png")]
    [InlineData("application/pdf", "application/pdf", "LAV-2026-000123-2.pdf")]
    [InlineData("text/html", "application/octet-stream", "LAV-2026-000123-2.bin")]
    public void A_stored_file_is_served_with_its_detected_type_under_a_name_built_from_the_reference(string stored, string served, string name)
    {
        Assert.Equal(served, AttachmentCheck.Served(stored).ContentType);
        Assert.Equal(name, AttachmentCheck.DownloadName("LAV-2026-000123", 2, stored));
    }
}
