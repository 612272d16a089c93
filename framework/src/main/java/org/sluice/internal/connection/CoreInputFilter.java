package org.sluice.internal.connection;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;
import org.sluice.filter.Block;
import org.sluice.filter.InputFilter;
import org.sluice.filter.LineTooLongException;
import org.sluice.filter.ReadMode;
import org.sluice.filter.ReadStatus;

/**
 * The bottom of every input chain: serves reads from what the event loop has queued. It moves
 * everything queued at once into its own brigade, then answers each mode from there; lines
 * are handed out as slices of the buffers that were read, never copies.
 *
 * <p>Before it parks for more data it sends any output still held back, so a handler that
 * writes and then reads never waits on its own unsent reply.
 */
final class CoreInputFilter implements InputFilter {

    private final ChannelConnection connection;
    private final Inbound inbound;
    private final Brigade pending = new Brigade();

    CoreInputFilter(ChannelConnection connection, Inbound inbound) {
        this.connection = connection;
        this.inbound = inbound;
    }

    @Override
    public ReadStatus read(Context ctx, Brigade into, ReadMode mode, Block block, long readBytes) throws IOException {
        return read(into, mode, block, readBytes);
    }

    ReadStatus read(Brigade into, ReadMode mode, Block block, long readBytes) throws IOException {
        switch (mode) {
            case EATCRLF -> {
                takeQueued();
                eatCrlf();
                return ReadStatus.OK;
            }
            case GETLINE -> {
                return getLine(into, block, readBytes);
            }
            case EXHAUSTIVE -> {
                return exhaustive(into, readBytes);
            }
            default -> {
                if (pending.isEmpty() && !fill(block)) {
                    return inbound.ended() && pending.isEmpty() ? ReadStatus.EOF : ReadStatus.AGAIN;
                }
                if (mode == ReadMode.SPECULATIVE) {
                    copyFront(into, readBytes);
                } else {
                    moveFront(into, readBytes);
                }
                return ReadStatus.OK;
            }
        }
    }

    private ReadStatus getLine(Brigade into, Block block, long maxLine) throws IOException {
        long limit = maxLine > 0 ? maxLine : Long.MAX_VALUE;
        while (true) {
            if (!pending.isEmpty() && pending.splitLine(into, limit)) {
                return ReadStatus.OK;
            }
            if (pending.length() >= limit) {
                throw new LineTooLongException(limit);
            }
            if (!fill(block)) {
                if (!inbound.ended()) {
                    return ReadStatus.AGAIN;
                }
                if (pending.isEmpty()) {
                    return ReadStatus.EOF;
                }
                pending.moveTo(into);
                return ReadStatus.OK;
            }
        }
    }

    private ReadStatus exhaustive(Brigade into, long max) throws IOException {
        while (fill(org.sluice.filter.Block.BLOCK)) {
            if (max > 0 && pending.length() > max) {
                throw new IOException("more than " + max + " bytes before end of stream");
            }
        }
        if (pending.isEmpty()) {
            return ReadStatus.EOF;
        }
        pending.moveTo(into);
        return ReadStatus.OK;
    }

    /**
     * Adds queued data to {@code pending}, parking first if nothing is queued and the mode
     * blocks.
     *
     * @return false if no data was added (end of stream, or nothing and non-blocking)
     */
    private boolean fill(Block block) throws IOException {
        if (takeQueued()) {
            return true;
        }
        if (inbound.ended() || block == Block.NONBLOCK) {
            return false;
        }
        await();
        return takeQueued();
    }

    /** See {@link org.sluice.filter.InputFilterChain#awaitInput()}. */
    boolean awaitInput() throws IOException {
        if (hasData() || inbound.ended()) {
            return true;
        }
        try {
            await();
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /**
     * Parks until data is queued or the input ends, no longer than the connection's timeout
     * or its read deadline, whichever is sooner. Output held back for more is sent first: the
     * peer may wait for it.
     *
     * @throws SocketTimeoutException (and the connection timed out) if that time passed first
     */
    private void await() throws IOException {
        connection.flushHeldOutput();
        long now = System.nanoTime();
        long deadline = now + connection.timeoutNanos();
        long stageDeadline = connection.readDeadline();
        boolean stageEnds = stageDeadline != Long.MAX_VALUE && stageDeadline - deadline < 0;
        if (!inbound.await(stageEnds ? stageDeadline : deadline, now)) {
            connection.timedOut();
            throw new SocketTimeoutException(stageEnds
                    ? "read deadline passed waiting for data from " + connection.remoteIp()
                    : "timed out after " + connection.timeoutSeconds() + "s waiting for data from "
                            + connection.remoteIp());
        }
    }

    private boolean takeQueued() {
        boolean any = false;
        ByteBuf buffer;
        while ((buffer = inbound.poll()) != null) {
            if (buffer.isReadable()) {
                connection.countIn(buffer.readableBytes());
                pending.addLast(DataBucket.of(buffer));
                any = true;
            } else {
                buffer.release();
            }
        }
        return any;
    }

    /** True when data is waiting, read or queued: the handler will not block on its next read. */
    boolean hasData() {
        return !pending.isEmpty() || inbound.hasData();
    }

    private void moveFront(Brigade into, long max) {
        if (max <= 0 || pending.length() <= max) {
            pending.moveTo(into);
            return;
        }
        Brigade rest = pending.splitAt(max);
        pending.moveTo(into);
        rest.moveTo(pending);
    }

    private void copyFront(Brigade into, long max) {
        long left = max <= 0 ? Long.MAX_VALUE : max;
        for (Bucket b = pending.first(); b != null && left > 0; b = b.next()) {
            ByteBuf content = ((DataBucket) b).content();
            int n = (int) Math.min(left, content.readableBytes());
            into.addLast(content.retainedSlice(content.readerIndex(), n));
            left -= n;
        }
    }

    private void eatCrlf() {
        Bucket b;
        while ((b = pending.first()) != null) {
            ByteBuf content = ((DataBucket) b).content();
            while (content.isReadable()) {
                byte c = content.getByte(content.readerIndex());
                if (c != '\r' && c != '\n') {
                    return;
                }
                content.skipBytes(1);
            }
            b.delete();
        }
    }

    /** Releases what was read but not consumed. */
    void release() {
        pending.cleanup();
    }
}
