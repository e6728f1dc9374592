using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace PrivacyShare.Csv;

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

    public static void Run(
        CsvTableReader reader,
        int outputColumns,
        Action<CellBatch, CellBatch> transform,
        Action<CellBatch> consume)
    {
        var inputs = new ConcurrentBag<CellBatch>();
        var outputs = new ConcurrentBag<CellBatch>();
        using var queue = new BlockingCollection<Task<CellBatch>>(InFlight);
        using var stop = new CancellationTokenSource();
        ExceptionDispatchInfo? consumeError = null;

        var consumer = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var task in queue.GetConsumingEnumerable())
                {
                    var batch = task.GetAwaiter().GetResult();
                    consume(batch);
                    batch.Clear();
                    outputs.Add(batch);
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
            while (!stop.IsCancellationRequested && reader.MoveNext())
            {
                var row = batch.AddRow(reader.Line);
                for (var c = 0; c < columns; c++)
                {
                    batch.Set(row, c, reader[c]);
                }

                if (batch.IsFull)
                {
                    queue.Add(Transform(batch, inputs, outputs, outputColumns, transform));
                    batch = Take(inputs, columns);
                }
            }

            if (batch.Count > 0 && !stop.IsCancellationRequested)
            {
                queue.Add(Transform(batch, inputs, outputs, outputColumns, transform));
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

    private static Task<CellBatch> Transform(
        CellBatch input, ConcurrentBag<CellBatch> inputs, ConcurrentBag<CellBatch> outputs, int outputColumns, Action<CellBatch, CellBatch> transform) =>
        Task.Run(() =>
        {
            var output = Take(outputs, outputColumns);
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
