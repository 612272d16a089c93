package org.sluice.brigade;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes buffers that Netty's leak detector tracks (direct ones: heap buffers of the unpooled
 * allocator are not tracked) and remembers them, so a test can check each was released.
 */
final class Buffers {

    private final List<ByteBuf> made = new ArrayList<>();

    /** A tracked buffer holding {@code text} in UTF-8. */
    ByteBuf of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuf buffer = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        made.add(buffer);
        return buffer;
    }

    /** A data bucket over a tracked buffer holding {@code text}. */
    DataBucket bucket(String text) {
        return DataBucket.of(of(text));
    }

    /** A brigade of one data bucket per piece. */
    Brigade brigade(String... pieces) {
        Brigade brigade = new Brigade();
        for (String piece : pieces) {
            brigade.addLast(bucket(piece));
        }
        return brigade;
    }

    /** The reference count of every buffer made, in the order they were made. */
    List<Integer> refCounts() {
        return made.stream().map(ByteBuf::refCnt).toList();
    }
}
