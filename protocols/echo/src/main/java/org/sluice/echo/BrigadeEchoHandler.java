package org.sluice.echo;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;
import org.sluice.connection.Connection;
import org.sluice.connection.ConnectionHandler;
import org.sluice.filter.Block;
import org.sluice.filter.LineTooLongException;
import org.sluice.filter.ReadMode;
import org.sluice.filter.ReadStatus;
import org.sluice.hook.Result;

/**
 * Echoes each line back through the connection's filters, so a {@code ConnectionOutputFilter}
 * such as {@code lowercase} transforms the reply. A line that is only CR/LF ends the session.
 * A line longer than {@link #MAX_LINE} is echoed in pieces rather than refused: echo is a
 * stream protocol.
 */
public final class BrigadeEchoHandler implements ConnectionHandler {

    static final int MAX_LINE = 8192;

    @Override
    public Result handle(Connection c) throws IOException {
        boolean atLineStart = true;
        try (Brigade bb = new Brigade()) {
            while (true) {
                ReadStatus status;
                try {
                    status = c.input().read(bb, ReadMode.GETLINE, Block.BLOCK, MAX_LINE);
                } catch (LineTooLongException e) {
                    status = c.input().read(bb, ReadMode.READBYTES, Block.BLOCK, MAX_LINE);
                    atLineStart = false;
                    c.output().flush(bb);
                    continue;
                }
                if (status != ReadStatus.OK) {
                    break;
                }
                if (atLineStart && isBlank(bb)) {
                    break;
                }
                atLineStart = true;
                c.output().flush(bb);
            }
        }
        return Result.OK;
    }

    /** True if the data is only CR and LF bytes (and there is some). */
    static boolean isBlank(Brigade line) {
        long length = 0;
        for (Bucket b : line) {
            if (b instanceof DataBucket data) {
                ByteBuf content = data.content();
                for (int i = content.readerIndex(); i < content.writerIndex(); i++) {
                    byte x = content.getByte(i);
                    if (x != '\r' && x != '\n') {
                        return false;
                    }
                }
                length += content.readableBytes();
            }
        }
        return length > 0;
    }
}
