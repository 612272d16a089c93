package org.sluice.connection;

import org.sluice.internal.connection.HandlerThreads;

/**
 * The turn of the event loop that carries the calling handler. A loop's turn changes each time
 * it reads from the network; in between, it runs its handlers (with
 * {@code HandlerScheduler event-loop}, each on the loop's own thread, one after the other).
 *
 * <p>What it is for: every request a handler works on during a turn was read, so sent, before
 * the turn began. So a fact about the world a handler finds out during the turn (a file's
 * attributes, say) is no older than anything a client did before sending a request the turn
 * serves, and the loop's other handlers may use it for the rest of the turn instead of asking
 * again, without ever answering a client with something older than what it caused. Once the
 * loop reads again, the fact is stale.
 *
 * <p>A thread that no event loop carries (handlers on the JDK's scheduler, threads of their
 * own, any thread while its loop shuts down) has no turn: it shares nothing.
 */
public final class LoopTurn {

    private LoopTurn() {
    }

    /**
     * An object standing for the current turn of the loop carrying the calling thread: the
     * same object all through the turn, and one no other turn of any loop ever has. Null when
     * no event loop carries the calling thread.
     */
    public static Object current() {
        return HandlerThreads.currentTurn();
    }
}
