using System.Runtime.CompilerServices;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// Test classes run in parallel, and several host a loopback feed server (Kestrel) in this process while others start
/// apps through WebApplicationFactory, which waits on threads while a host starts. On a 2-core machine the thread
/// pool starts with two threads and adds about one a second, so a loopback server could go seconds without a thread
/// to answer on, and a healthy feed would time out. A floor on the pool's threads keeps it answering.
/// </summary>
internal static class ThreadPoolSetup
{
    [ModuleInitializer]
    internal static void RaiseThreadFloor()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(completionPorts, 32));
    }
}
