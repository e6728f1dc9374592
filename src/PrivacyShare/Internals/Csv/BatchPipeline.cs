using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace PrivacyShare.Internals.Csv;

/// <summary>
/// Streams a CSV through three stages on all cores: this thread reads rows into batches; batches are
/// transformed in parallel on the thread pool; one consumer thread takes the results in input order.
/// At most <see cref="InFlight"/> batches exist at once, so memory is bounded whatever the file size.
/// The first error in file order wins: a transform error in an earlier batch is reported before a
/// read error further down.
/// </summary>
internal static class BatchPipeline
{
    public const int InFlight = 8;

    /// <param name="reader">The input, positioned after its header.</param>
    /// <param name="create">Makes an output holder; holders are reused, so this runs a few times only.</param>
    /// <param name="transform">Turns an input batch into an output holder's content (in parallel; resets the holder first).</param>
    /// <param name="consume">Takes outputs one at a time, in input order.</param>
    /// <param name="progress">Told the rows read so far, once a batch, under <paramref name="stage"/>.</param>
    /// <param name="stage">The stage's name for <paramref name="progress"/>.</param>
    public static void Run<TOut>(
        CsvTableReader reader,
        Func<TOut> create,
        Action<CellBatch, TOut> transform,
        Action<TOut> consume,
        IProgress<PipelineProgress>? progress = null,
        string stage = "")
        where TOut : class
    {
        var inputs = new ConcurrentBag<CellBatch>();
        var outputs = new ConcurrentBag<TOut>();
        using var queue = new BlockingCollection<Task<TOut>>(InFlight);
        using var stop = new CancellationTokenSource();
        ExceptionDispatchInfo? consumeError = null;

        var consumer = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var task in queue.GetConsumingEnumerable())
                {
                    var result = task.GetAwaiter().GetResult();
                    consume(result);
                    outputs.Add(result);
                }
            }
            catch (Exception e)
            {
                consumeError = ExceptionDispatchInfo.Capture(e);
                stop.Cancel();
                foreach (var _ in queue.GetConsumingEnumerable())
                {
                    // Drain so the reader is never blocked on a full queue.
                }
            }
        }, TaskCreationOptions.LongRunning);

        ExceptionDispatchInfo? readError = null;
        try
        {
            var columns = reader.Header.Count;
            var batch = Take(inputs, columns);
            long rows = 0;
            while (!stop.IsCancellationRequested && reader.MoveNext())
            {
                reader.CopyRowTo(batch);
                rows++;
                if (batch.IsFull)
                {
                    queue.Add(Transform(batch, inputs, outputs, create, transform));
                    batch = Take(inputs, columns);
                    progress?.Report(new PipelineProgress(stage, rows));
                }
            }

            if (batch.Count > 0 && !stop.IsCancellationRequested)
            {
                queue.Add(Transform(batch, inputs, outputs, create, transform));
            }
        }
        catch (Exception e)
        {
            readError = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            queue.CompleteAdding();
            consumer.Wait();
        }

        consumeError?.Throw();
        readError?.Throw();
    }

    private static Task<TOut> Transform<TOut>(
        CellBatch input, ConcurrentBag<CellBatch> inputs, ConcurrentBag<TOut> outputs, Func<TOut> create, Action<CellBatch, TOut> transform) =>
        Task.Run(() =>
        {
            var output = outputs.TryTake(out var reused) ? reused : create();
            try
            {
                transform(input, output);
                return output;
            }
            finally
            {
                input.Clear();
                inputs.Add(input);
            }
        });

    private static CellBatch Take(ConcurrentBag<CellBatch> pool, int columns) =>
        pool.TryTake(out var batch) ? batch : new CellBatch(columns);
}
