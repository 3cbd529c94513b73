using System.Runtime.InteropServices;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>
/// How a thread of the app's own steps back for the threads that serve a teacher's write (the read lane, decisions 0022 and
/// 0023, 0024): on Linux a higher nice value, or when asked the SCHED_IDLE policy — a normal thread that wakes takes the core from an
/// idle-policy thread at once, where from a nice one it may first wait for the rest of that thread's time slice; elsewhere
/// below-normal priority. Lowering needs no privilege; a refusal is logged (SCHED_IDLE refused: the nice value instead).
/// </summary>
public static class LowPriority
{
    /// <summary>Linux's SCHED_IDLE policy number, as <c>/proc/thread-self/stat</c> shows it.</summary>
    public const int SchedIdle = 5;

    public static void Enter(int nice, bool idle, ILogger log)
    {
        if (!OperatingSystem.IsLinux())
        {
            if (nice > 0 || idle) Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
            return;
        }
        // Under SCHED_IDLE the nice value weighs nothing, and it is kept at 0: a thread started from this one (the thread pool
        // starts a worker on the thread that asks for one) inherits the nice value, while the runtime gives it the normal policy.
        var none = 0;
        if (idle && sched_setscheduler(gettid(), SchedIdle, ref none) == 0) return;
        if (idle)
            log.LogWarning("Thread {Name}: SCHED_IDLE was not set (errno {Errno})", Thread.CurrentThread.Name, Marshal.GetLastPInvokeError());
        // PRIO_PROCESS with a thread id sets that thread's nice value on Linux.
        if (nice > 0 && setpriority(0, gettid(), Math.Min(nice, 19)) != 0)
            log.LogWarning("Thread {Name}: the nice value was not raised (errno {Errno})", Thread.CurrentThread.Name, Marshal.GetLastPInvokeError());
    }

    /// <summary>The calling thread's nice value and scheduling policy on Linux (<c>/proc/thread-self/stat</c>, fields 19 and 41).</summary>
    public static (int Nice, int Policy) OfCurrentThread()
    {
        // The name in parentheses may hold spaces and brackets: the fields are counted after its closing one (field 3 first).
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[19 - 3], CultureInfo.InvariantCulture), int.Parse(fields[41 - 3], CultureInfo.InvariantCulture));
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc", SetLastError = true)]
    private static extern int sched_setscheduler(int pid, int policy, ref int param);

    [DllImport("libc")]
    private static extern int gettid();
}
