using System.Numerics;
using System.Runtime.ExceptionServices;

namespace Nabla.Numerics;

internal static unsafe partial class GemmKernel
{
    /// <summary>
    /// One piece's work shared by the calling thread and <c>threads − 1</c> thread-pool helpers, without a
    /// fork-join barrier: the tasks (first the parts of op(B) to pack, then the blocks of C) are claimed one at a
    /// time from a counter, and the caller starts claiming at once. A helper that wakes late — or never, on a
    /// loaded machine — finds nothing left and returns without touching the buffers, so the caller only ever waits
    /// for tasks a running helper has already claimed (at most one block each). Parallel.For, by contrast, cost
    /// about as much as the whole product at 256² (scheduling, partitioning, and waiting for workers to start).
    /// </summary>
    /// <remarks>A fresh job per piece: helpers may run after the call returned, and must then see a finished job.</remarks>
    private sealed class PieceJob<T, TV, TS> : IThreadPoolWorkItem
        where T : unmanaged, INumber<T> where TV : struct where TS : IGemmSimd<T, TV>
    {
        private readonly Piece<T> _piece;
        private readonly int _packParts, _panelsPerPart, _panels, _colBlocks, _tasks;
        private int _next, _packed, _done;
        private Exception? _error;

        public PieceJob(Piece<T> piece, int packParts, int panels, int blocks, int colBlocks)
        {
            _piece = piece;
            _packParts = packParts;
            _panels = panels;
            _panelsPerPart = (panels + packParts - 1) / packParts;
            _colBlocks = colBlocks;
            _tasks = packParts + blocks;
        }

        /// <summary>Queues the helpers, works alongside them, and returns when every task is finished.</summary>
        public void Run(int helpers)
        {
            for (int h = 0; h < helpers; h++) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            Work();
            var spin = new SpinWait();
            while (Volatile.Read(ref _done) < _tasks) spin.SpinOnce(sleep1Threshold: -1);
            if (_error is not null) ExceptionDispatchInfo.Throw(_error);
        }

        void IThreadPoolWorkItem.Execute() => Work();

        private void Work()
        {
            int nr = TS.Columns * TS.Width;
            while (true)
            {
                int task = Interlocked.Increment(ref _next) - 1;
                if (task >= _tasks) return;
                try
                {
                    if (task < _packParts)
                        _piece.PackB(task * _panelsPerPart, Math.Min(_panels, (task + 1) * _panelsPerPart), nr);
                    else
                    {
                        // Pack tasks come first, so they are all claimed by now: wait for the ones still running.
                        if (Volatile.Read(ref _packed) < _packParts)
                        {
                            var spin = new SpinWait();
                            while (Volatile.Read(ref _packed) < _packParts) spin.SpinOnce(sleep1Threshold: -1);
                        }
                        int block = task - _packParts;
                        ComputeBlock<T, TV, TS>(_piece, block / _colBlocks, block % _colBlocks);
                    }
                }
                catch (Exception error)
                {
                    Interlocked.CompareExchange(ref _error, error, null);
                }
                finally
                {
                    if (task < _packParts) Interlocked.Increment(ref _packed);
                    Interlocked.Increment(ref _done);
                }
            }
        }
    }
}
