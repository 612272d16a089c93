package org.sluice.internal.connection;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;
import org.sluice.filter.OutputFilter;

/**
 * Puts a mark at the end of each brigade's data (before its line end), so that the marks in a
 * reply show which filters it passed and in which order. Optionally removes itself after the
 * first data it marked.
 */
public class MarkingOutputFilter implements OutputFilter {

    private final String mark;
    private final boolean once;

    public MarkingOutputFilter(String mark, boolean once) {
        this.mark = mark;
        this.once = once;
    }

    @Override
    public void pass(Context ctx, Brigade brigade) throws IOException {
        Brigade out = new Brigade();
        try {
            StringBuilder text = new StringBuilder();
            boolean marked = false;
            for (Bucket b; (b = brigade.removeFirst()) != null; ) {
                if (b instanceof DataBucket data) {
                    text.append(data.toString(UTF_8));
                    data.release();
                } else {
                    marked |= emit(text, out);
                    out.addLast(b);
                }
            }
            marked |= emit(text, out);
            if (marked && once) {
                ctx.remove();
            }
            ctx.passNext(out);
        } finally {
            out.cleanup();
            brigade.cleanup();
        }
    }

    private boolean emit(StringBuilder text, Brigade out) {
        if (text.isEmpty()) {
            return false;
        }
        out.write(mark(text.toString(), mark));
        text.setLength(0);
        return true;
    }

    /** {@code text} with {@code mark} before its trailing line end, or at its end. */
    static String mark(String text, String mark) {
        int end = text.endsWith("\r\n") ? text.length() - 2 : text.endsWith("\n") ? text.length() - 1 : text.length();
        return text.substring(0, end) + mark + text.substring(end);
    }
}
