package org.sluice.http;

import io.netty.buffer.ByteBuf;

/**
 * Feeds raw request bytes to a {@link RequestHeadParser} the way a GETLINE reader would: one
 * line through its LF at a time, failing a line longer than {@link RequestHeadParser#lineLimit()}
 * with {@link RequestHeadParser#lineTooLong()}, and the last line as it is at end of input.
 */
final class RequestFeeder {

    private RequestFeeder() {
    }

    static RequestHead parse(String raw) throws HttpException {
        return parse(raw, HttpLimits.DEFAULT);
    }

    static RequestHead parse(String raw, HttpLimits limits) throws HttpException {
        RequestHeadParser parser = new RequestHeadParser(limits);
        int start = 0;
        while (start < raw.length()) {
            int lf = raw.indexOf('\n', start);
            int end = lf < 0 ? raw.length() : lf + 1;
            if (end - start > parser.lineLimit()) {
                throw parser.lineTooLong();
            }
            ByteBuf line = Bytes.of(raw.substring(start, end));
            try {
                RequestHead head = parser.offer(line);
                if (head != null) {
                    if (end != raw.length()) {
                        throw new AssertionError("bytes left after the head: " + raw.substring(end));
                    }
                    return head;
                }
            } finally {
                line.release();
            }
            start = end;
        }
        throw new AssertionError("input ended before the head was complete");
    }
}
