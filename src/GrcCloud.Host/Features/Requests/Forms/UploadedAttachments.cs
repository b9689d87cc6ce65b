namespace GrcCloud.Host.Features.Requests.Forms;

/// <summary>
/// Files posted outside a theme's form (a resident's answer, a site visit's photos), held to the
/// same rules as the form's: count limited, type read from the content, photos stripped of metadata.
/// </summary>
public static class UploadedAttachments
{
    /// <summary>The accepted files, or the French reason of the first refusal (then no file is kept).</summary>
    public static async Task<(IReadOnlyList<NewAttachment> Files, string? Error)> ReadAsync(IEnumerable<IFormFile> posted, int max, CancellationToken cancellationToken)
    {
        var chosen = posted.Where(f => f.Length > 0 || f.FileName.Length > 0).ToList();
        if (chosen.Count > max)
            return ([], $"{max} fichiers au plus.");
        var files = new List<NewAttachment>();
        foreach (var file in chosen)
        {
            var (accepted, error) = await ReadOneAsync(file, cancellationToken);
            if (accepted is null)
                return ([], error);
            files.Add(accepted);
        }
        return (files, null);
    }

    /// <summary>One file: its type read from its content, a photo stripped of its metadata, its name cleaned for display; or the French reason of its refusal.</summary>
    public static async Task<(NewAttachment? File, string? Error)> ReadOneAsync(IFormFile file, CancellationToken cancellationToken)
    {
        await using var stream = file.OpenReadStream();
        var check = AttachmentChecks.Check(file.FileName, stream, file.Length);
        if (!check.IsAccepted)
            return (null, check.Error);
        var name = AttachmentChecks.ShownName(file.FileName);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        var content = buffer.ToArray();
        if (check.Kind == AttachmentKind.Jpeg)
        {
            try { content = AttachmentChecks.StripJpegMetadata(content); }
            catch (InvalidDataException) { return (null, $"La photo « {name} » est illisible."); }
        }
        return (new NewAttachment(name, check.ContentType!, content), null);
    }
}
