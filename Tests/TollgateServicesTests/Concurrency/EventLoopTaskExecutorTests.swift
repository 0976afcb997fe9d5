import NIOCore
import NIOPosix
import Testing

@testable import TollgateServices

/// A stream's relay runs on its connection's event loop.
@Suite struct EventLoopTaskExecutorTests {
    @Test func aTaskPreferringTheExecutorRunsOnItsLoop() async throws {
        for loop in MultiThreadedEventLoopGroup.singleton.makeIterator() {
            let executor = EventLoopTaskExecutor.on(loop)
            #expect(executor.loop === loop)
            let onLoop = await withTaskExecutorPreference(executor) {
                await Task.yield()
                return loop.inEventLoop
            }
            #expect(onLoop)
            let unstructured = await Task(executorPreference: executor) { loop.inEventLoop }.value
            #expect(unstructured)
        }
    }

    @Test func aLoopOutsideTheGroupGetsOneOfTheGroups() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let foreign = group.next()
        let executor = EventLoopTaskExecutor.on(foreign)
        #expect(executor.loop !== foreign)
        let onGroupLoop = await withTaskExecutorPreference(executor) { executor.loop.inEventLoop }
        #expect(onGroupLoop)
        try await group.shutdownGracefully()
    }
}
