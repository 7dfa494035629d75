namespace Nabla.Symbolic;

/// <summary>
/// The hash-consing table that makes equal expressions the same object. It is the one piece of process-wide
/// state in the engine, by design: interning is what makes equality O(1) and shares subexpressions between
/// derivatives. It holds only weak references, so expressions nobody uses are collected, and it sweeps dead
/// entries as it grows, so a long-running server's table stays proportional to the live expressions: a shard
/// holds at most about twice its live entries plus <see cref="MinSweepThreshold"/> slots, and a sweep that finds
/// the shard mostly dead also gives the dictionary's spare capacity back (so one burst of expressions does not pin
/// its peak size forever). Every lookup and insertion of a shard runs under that shard's lock, and an entry is
/// only replaced when its target is dead, so two threads interning equal nodes always get the same object.
/// </summary>
internal static class InternTable
{
    private const int ShardCount = 64;
    private const int MinSweepThreshold = 4096;
    private static readonly Shard[] Shards = CreateShards();

    private static Shard[] CreateShards()
    {
        var shards = new Shard[ShardCount];
        for (int i = 0; i < shards.Length; i++) shards[i] = new Shard();
        return shards;
    }

    /// <summary>Returns the interned node equal to <paramref name="candidate"/>, adding it when new.</summary>
    public static T Intern<T>(T candidate) where T : Expr
    {
        int hash = candidate.GetHashCode();
        var shard = Shards[(hash & 0x7fffffff) % ShardCount];
        lock (shard)
        {
            return (T)shard.GetOrAdd(candidate, hash);
        }
    }

    /// <summary>Live entries (for diagnostics and the memory tests).</summary>
    public static int Count
    {
        get
        {
            int total = 0;
            foreach (var shard in Shards)
                lock (shard) total += shard.CountAlive();
            return total;
        }
    }

    /// <summary>Slots held, live or dead (for the memory tests: bounded by about twice <see cref="Count"/> plus a constant).</summary>
    public static int SlotCount
    {
        get
        {
            int total = 0;
            foreach (var shard in Shards)
                lock (shard) total += shard.SlotCount;
            return total;
        }
    }

    /// <summary>Drops every dead entry now (for the memory tests, after a forced collection).</summary>
    public static void Sweep()
    {
        foreach (var shard in Shards)
            lock (shard) shard.Sweep();
    }

    private sealed class Shard
    {
        // hash → one weak reference, or a list of them when hashes collide.
        private readonly Dictionary<int, object> _entries = new();
        private int _insertionsSinceSweep;
        private int _sweepThreshold = MinSweepThreshold;
        private int _peakEntries;

        public int SlotCount
        {
            get
            {
                int n = 0;
                foreach (var slot in _entries.Values) n += slot is List<WeakReference<Expr>> list ? list.Count : 1;
                return n;
            }
        }

        public Expr GetOrAdd(Expr candidate, int hash)
        {
            if (_entries.TryGetValue(hash, out var slot))
            {
                if (slot is WeakReference<Expr> single)
                {
                    if (single.TryGetTarget(out var existing))
                    {
                        if (existing.ShallowEquals(candidate)) return existing;
                        _entries[hash] = new List<WeakReference<Expr>> { single, new(candidate) };
                    }
                    else
                    {
                        single.SetTarget(candidate);
                    }
                }
                else
                {
                    var list = (List<WeakReference<Expr>>)slot;
                    WeakReference<Expr>? dead = null;
                    foreach (var weak in list)
                    {
                        if (weak.TryGetTarget(out var existing))
                        {
                            if (existing.ShallowEquals(candidate)) return existing;
                        }
                        else
                        {
                            dead ??= weak;
                        }
                    }
                    if (dead is not null) dead.SetTarget(candidate);
                    else list.Add(new WeakReference<Expr>(candidate));
                }
            }
            else
            {
                _entries[hash] = new WeakReference<Expr>(candidate);
            }

            if (++_insertionsSinceSweep >= _sweepThreshold) Sweep();
            return candidate;
        }

        public void Sweep()
        {
            _insertionsSinceSweep = 0;
            List<int>? deadKeys = null;
            foreach (var (key, slot) in _entries)
            {
                if (slot is WeakReference<Expr> single)
                {
                    if (!single.TryGetTarget(out _)) (deadKeys ??= []).Add(key);
                }
                else
                {
                    var list = (List<WeakReference<Expr>>)slot;
                    list.RemoveAll(w => !w.TryGetTarget(out _));
                    if (list.Count == 0) (deadKeys ??= []).Add(key);
                }
            }
            _peakEntries = Math.Max(_peakEntries, _entries.Count);
            if (deadKeys is not null) foreach (var key in deadKeys) _entries.Remove(key);
            // Dictionary never shrinks its buckets on Remove: after a burst, give the spare capacity back.
            if (_peakEntries > MinSweepThreshold && _entries.Count < _peakEntries / 4)
            {
                _entries.TrimExcess();
                _peakEntries = _entries.Count;
            }
            // Sweep again after the table has grown by as much as survived, so sweeping stays amortised O(1).
            _sweepThreshold = Math.Max(MinSweepThreshold, _entries.Count);
        }

        public int CountAlive()
        {
            int n = 0;
            foreach (var slot in _entries.Values)
            {
                if (slot is WeakReference<Expr> single) { if (single.TryGetTarget(out _)) n++; }
                else foreach (var w in (List<WeakReference<Expr>>)slot) if (w.TryGetTarget(out _)) n++;
            }
            return n;
        }
    }
}
