package org.sluice.internal.connection;

import java.io.IOException;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;
import org.sluice.brigade.FileBucket;
import org.sluice.filter.OutputFilter;

/**
 * The bottom of every output chain: turns buckets into channel writes. Data buffers are handed
 * over without copying, file buckets become zero-copy file regions. Output is sent when a
 * FLUSH asks for it, when 64 KiB have gathered, or when the handler is about to wait for
 * input; a FLUSH that arrives while more input is already waiting is held until that input is
 * handled, so a handler echoing a burst of lines sends one write, not one per line.
 */
final class CoreOutputFilter implements OutputFilter {

    private final ChannelConnection connection;
    private final Outbound outbound;
    private boolean flushHeld;

    CoreOutputFilter(ChannelConnection connection, Outbound outbound) {
        this.connection = connection;
        this.outbound = outbound;
    }

    @Override
    public void pass(Context ctx, Brigade brigade) throws IOException {
        pass(brigade);
    }

    void pass(Brigade brigade) throws IOException {
        boolean flush = false;
        Bucket b;
        try {
            while ((b = brigade.removeFirst()) != null) {
                if (b instanceof DataBucket data) {
                    long n = data.length();
                    if (n > 0) {
                        outbound.add(data.takeContent(), n);
                    } else {
                        data.release();
                    }
                } else if (b instanceof FileBucket file) {
                    long n = file.length();
                    try {
                        if (n > 0) {
                            outbound.add(file.toFileRegion(), n);
                        }
                    } finally {
                        file.release();
                    }
                } else if (b.isFlush() || b.isEos()) {
                    flush = true;
                }
                if (outbound.batchBytes() >= Outbound.BATCH_LIMIT) {
                    send();
                }
            }
        } finally {
            brigade.cleanup();
        }
        if (flush) {
            if (connection.inputWaiting() && outbound.batchBytes() < Outbound.BATCH_LIMIT) {
                flushHeld = true;
            } else {
                send();
            }
        }
    }

    /** Sends what is gathered, then waits if the peer is too far behind. */
    void send() throws IOException {
        flushHeld = false;
        if (outbound.hasBatch()) {
            outbound.handOff();
            outbound.awaitWritable(connection.timeoutNanos());
        }
    }

    /**
     * Sends everything gathered, flushed or not; called before the handler waits for input, so
     * a handler that writes and then reads never waits on its own unsent reply.
     */
    void sendGathered() throws IOException {
        if (flushHeld || outbound.hasBatch()) {
            send();
        }
    }
}
