package org.sluice.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.sluice.connection.Connection;
import org.sluice.connection.Note;
import org.sluice.hook.Result;
import org.sluice.server.Server;

/**
 * The counters behind {@code server-status} (Apache's scoreboard): requests, bytes and time
 * served since the server started, and every HTTP connection that has begun a request, busy
 * (inside a request) or idle (waiting for the next one). Updated by two hook functions per
 * request, with {@link LongAdder}s and a connection note: nothing is shared on the hot path
 * beyond the adders' cells.
 */
final class StatusBoard {

    /** One board per running server; it outlives configuration generations, as Apache's scoreboard. */
    private static final Map<Server, StatusBoard> BOARDS = new ConcurrentHashMap<>();

    private static final Note<Slot> SLOT = Note.of("sluice.http.status", Slot.class);

    final LongAdder accesses = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder durationNanos = new LongAdder();
    private final Map<Long, Slot> slots = new ConcurrentHashMap<>();

    /**
     * One connection's line on the board. Only the connection's handler writes it; the status
     * page reads it from another thread once per rendering, so the fields are plain (no fence on
     * every request): the page may show a line a request behind, never a torn string, since
     * strings are immutable.
     */
    static final class Slot {
        final Connection connection;
        final StatusBoard board;
        boolean busy;
        long requests;
        String lastRequest = "";
        String host = "";
        long sinceMillis;

        Slot(Connection connection, StatusBoard board) {
            this.connection = connection;
            this.board = board;
        }
    }

    static StatusBoard of(Server server) {
        return BOARDS.computeIfAbsent(server, s -> new StatusBoard());
    }

    /** post_read_request: the connection is inside a request now. */
    static Result requestStarted(Request r) {
        if (r.previous() != null) {
            return Result.OK;
        }
        Connection c = r.connection();
        Slot slot = c.note(SLOT);
        if (slot == null) {
            StatusBoard board = of(r.virtualHost().server());
            Slot created = new Slot(c, board);
            c.note(SLOT, created);
            board.slots.put(c.id(), created);
            c.pool().addCleanup(() -> board.slots.remove(c.id()));
            slot = created;
        }
        slot.busy = true;
        slot.sinceMillis = r.startMillis();
        slot.host = r.virtualHost().serverName();
        slot.lastRequest = r.requestLine() == null ? "" : r.requestLine();
        return Result.OK;
    }

    /** log_transaction: the request is done; count it. */
    static Result requestDone(Request r) {
        Slot slot = r.connection().note(SLOT);
        StatusBoard board = slot != null ? slot.board : of(r.virtualHost().server());
        board.accesses.increment();
        board.bytes.add(r.last().bodyBytesSent());
        board.durationNanos.add(Math.max(0, System.nanoTime() - r.startNanos()));
        if (slot != null) {
            slot.busy = false;
            slot.requests++;
        }
        return Result.OK;
    }

    /** How many connections are inside a request, and how many are on the board. */
    int[] busyAndAll() {
        int busy = 0;
        int all = 0;
        for (Slot slot : slots.values()) {
            busy += slot.busy ? 1 : 0;
            all++;
        }
        return new int[] {busy, all};
    }

    /** The server stopped: forget its board. */
    static Result forget(Server server) {
        BOARDS.remove(server);
        return Result.OK;
    }

    /** The connections on the board now, oldest first. */
    List<Slot> slots() {
        List<Slot> list = new ArrayList<>(slots.values());
        list.sort((a, b) -> Long.compare(a.connection.id(), b.connection.id()));
        return list;
    }
}
