package org.sluice.filters;

import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;
import org.sluice.brigade.FileBucket;
import org.sluice.brigade.MetadataBucket;

/**
 * What the {@code dumpio} filters write to the error log, as mod_dumpio does: one line per
 * bucket with its kind and length, and for data the bytes themselves, control characters and
 * bytes past ASCII escaped ({@code \r}, {@code \n}, {@code \x00}). Logged at TRACE under
 * {@code org.sluice.dumpio}, which {@code LogLevel dumpio:trace7} turns on.
 */
final class DumpIo {

    static final Logger LOG = LoggerFactory.getLogger("org.sluice.dumpio");
    /** Bytes of one bucket shown at most; the length line always says how many there were. */
    static final int MAX_SHOWN = 16 * 1024;

    private DumpIo() {
    }

    static boolean enabled() {
        return LOG.isTraceEnabled();
    }

    /** Logs one bucket that went through the filter named {@code filter}. */
    static void bucket(String filter, String client, Bucket bucket) {
        switch (bucket) {
            case DataBucket data -> {
                LOG.trace("[client {}] {} (data-HEAP): {} bytes", client, filter, data.length());
                if (data.length() > 0) {
                    LOG.trace("[client {}] {} (data-HEAP): {}", client, filter, escape(data.content()));
                }
            }
            case FileBucket file -> LOG.trace("[client {}] {} (data-FILE): {} bytes", client, filter, file.length());
            case MetadataBucket metadata ->
                    LOG.trace("[client {}] {} (metadata-{}): 0 bytes", client, filter, metadata.kind());
        }
    }

    /** The readable bytes, printable ASCII as is and the rest escaped; cut at {@link #MAX_SHOWN}. */
    static String escape(ByteBuf bytes) {
        int n = Math.min(bytes.readableBytes(), MAX_SHOWN);
        StringBuilder text = new StringBuilder(n + 16);
        for (int i = 0; i < n; i++) {
            int b = bytes.getByte(bytes.readerIndex() + i) & 0xff;
            switch (b) {
                case '\r' -> text.append("\\r");
                case '\n' -> text.append("\\n");
                case '\t' -> text.append("\\t");
                case '\\' -> text.append("\\\\");
                default -> {
                    if (b < 0x20 || b >= 0x7f) {
                        text.append(String.format("\\x%02x", b));
                    } else {
                        text.append((char) b);
                    }
                }
            }
        }
        if (n < bytes.readableBytes()) {
            text.append("...");
        }
        return text.toString();
    }
}
