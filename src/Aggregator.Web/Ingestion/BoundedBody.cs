using System.Buffers;
using System.IO.Compression;

namespace Aggregator.Web.Ingestion;

/// <summary>Reads a response body into memory, decompressing it, and stops as soon as either size passes the cap.</summary>
internal static class BoundedBody
{
    public static async Task<MemoryStream> ReadAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            throw new ResponseTooLargeException(maxBytes, content.Headers.ContentLength);
        }

        var wire = await content.ReadAsStreamAsync(cancellationToken);
        Stream stream = new CappedStream(wire, maxBytes);
        try
        {
            // Content-Encoding lists codings in the order they were applied; undo them last to first.
            foreach (var coding in content.Headers.ContentEncoding.Reverse())
            {
                stream = coding.Trim().ToLowerInvariant() switch
                {
                    "gzip" or "x-gzip" => new GZipStream(stream, CompressionMode.Decompress),
                    "deflate" => new ZLibStream(stream, CompressionMode.Decompress),
                    "br" => new BrotliStream(stream, CompressionMode.Decompress),
                    "identity" or "" => stream,
                    var other => throw new InvalidDataException($"The server used an unsupported content encoding \"{other}\"."),
                };
            }

            var initial = content.Headers.ContentLength is { } length && content.Headers.ContentEncoding.Count == 0 ? (int)length : 0;
            var body = new MemoryStream(initial);
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    if (body.Length + read > maxBytes)
                    {
                        throw new ResponseTooLargeException(maxBytes, null);
                    }

                    body.Write(buffer, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            body.Position = 0;
            return body;
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    /// <summary>Counts bytes as they come off the wire and throws once more than the cap have arrived.</summary>
    private sealed class CappedStream(Stream inner, long maxBytes) : Stream
    {
        private long _total;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _total;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        private int Count(int read)
        {
            _total += read;
            return _total > maxBytes ? throw new ResponseTooLargeException(maxBytes, null) : read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}

/// <summary>A body (on the wire or decompressed) larger than <see cref="IngestionOptions.MaxResponseBytes"/>.</summary>
public sealed class ResponseTooLargeException : Exception
{
    public ResponseTooLargeException(long maxBytes, long? declared)
        : base(declared is { } size
            ? $"The response is {FormatSize(size)}, over the {FormatSize(maxBytes)} limit; it was not downloaded."
            : $"The response (after decompression) is over the {FormatSize(maxBytes)} limit; the download was stopped.")
    {
    }

    public ResponseTooLargeException()
    {
    }

    public ResponseTooLargeException(string message)
        : base(message)
    {
    }

    public ResponseTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static string FormatSize(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024):0.#} MB"
        : $"{bytes / 1024.0:0.#} KB";
}
