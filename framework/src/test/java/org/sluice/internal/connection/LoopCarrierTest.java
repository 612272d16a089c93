package org.sluice.internal.connection;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LoopCarrier}: handlers an event loop carries keep running while the loop's thread is
 * blocked, even on a lock one of them must take first.
 */
class LoopCarrierTest {

    private EventLoopGroup group;
    private EventLoop loop;

    @BeforeEach
    void startLoop() {
        assumeTrue(HandlerThreads.eventLoopCarrierProblem() == null, HandlerThreads.eventLoopCarrierProblem());
        group = new TurnMarkingEventLoopGroup(1, NioIoHandler.newFactory());
        loop = group.next();
    }

    @AfterEach
    void stopLoop() throws InterruptedException {
        if (group != null) {
            assertThat(group.shutdownGracefully(0, 0, SECONDS).await(10, SECONDS)).as("the loop ended").isTrue();
        }
    }

    @Test
    void aLoopWaitingForALockBehindAHandlerItCarriesIsNotStalled() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch handlerHadLock = new CountDownLatch(1);
        CountDownLatch loopHadLock = new CountDownLatch(1);
        lock.lock();
        Thread handler = HandlerThreads.start(() -> {
            lock.lock();
            lock.unlock();
            handlerHadLock.countDown();
        }, loop, HandlerThreads.Scheduler.EVENT_LOOP);
        await().atMost(10, SECONDS).until(() -> lock.hasQueuedThread(handler));
        loop.execute(() -> {
            lock.lock();
            lock.unlock();
            loopHadLock.countDown();
        });
        await().atMost(10, SECONDS).until(() -> lock.getQueueLength() == 2);

        lock.unlock(); // hands the lock to the handler, whose carrier waits behind it

        assertThat(handlerHadLock.await(10, SECONDS)).as("the handler got the lock").isTrue();
        assertThat(loopHadLock.await(10, SECONDS)).as("the loop got the lock").isTrue();
    }

    @Test
    void handlersRunOnTheirLoopWhileItIsFree() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        Thread[] carrier = new Thread[1];
        loop.submit(() -> carrier[0] = Thread.currentThread()).sync();
        String[] where = new String[1];
        HandlerThreads.start(() -> {
            where[0] = Thread.currentThread().toString(); // a virtual thread names its carrier
            ran.countDown();
        }, loop, HandlerThreads.Scheduler.EVENT_LOOP);

        assertThat(ran.await(10, SECONDS)).isTrue();
        assertThat(where[0]).contains(carrier[0].getName());
    }

    @Test
    void theLoopsOfAStoppedServerAreForgotten() throws Exception {
        EventLoopGroup stopped = new TurnMarkingEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoop old = stopped.next();
        CountDownLatch ran = new CountDownLatch(2);
        HandlerThreads.start(ran::countDown, old, HandlerThreads.Scheduler.EVENT_LOOP);
        assertThat(stopped.shutdownGracefully(0, 0, SECONDS).await(10, SECONDS)).isTrue();

        HandlerThreads.start(ran::countDown, loop, HandlerThreads.Scheduler.EVENT_LOOP);

        assertThat(ran.await(10, SECONDS)).isTrue();
        assertThat(HandlerThreads.carryingLoops()).contains(loop).doesNotContain(old);
    }
}
