package org.sluice.brigade;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A bucket of bytes backed by a reference-counted {@link ByteBuf} that it owns: the bucket
 * holds one reference and {@link #release()} gives it back. The readable bytes of the buffer
 * are the bucket's content.
 */
public final class DataBucket extends Bucket {

    private ByteBuf content;

    private DataBucket(ByteBuf content) {
        this.content = content;
    }

    /** A bucket that takes over the caller's reference to {@code content}. */
    public static DataBucket of(ByteBuf content) {
        if (content == null) {
            throw new NullPointerException("content");
        }
        return new DataBucket(content);
    }

    /** A bucket holding a copy of {@code bytes}. */
    public static DataBucket copyOf(byte[] bytes) {
        return new DataBucket(Unpooled.copiedBuffer(bytes));
    }

    /** A bucket holding {@code text} encoded as UTF-8. */
    public static DataBucket of(CharSequence text) {
        return of(text, StandardCharsets.UTF_8);
    }

    /** A bucket holding {@code text} in the given charset. */
    public static DataBucket of(CharSequence text, Charset charset) {
        return new DataBucket(Unpooled.copiedBuffer(text, charset));
    }

    /** The bytes, still owned by this bucket: retain them to keep them beyond its life. */
    public ByteBuf content() {
        if (content == null) {
            throw new IllegalStateException("bucket already released");
        }
        return content;
    }

    /** Hands the buffer (and its reference) to the caller; the bucket is then empty. */
    public ByteBuf takeContent() {
        ByteBuf taken = content();
        content = null;
        remove();
        return taken;
    }

    @Override
    public long length() {
        return content == null ? 0 : content.readableBytes();
    }

    /** The content decoded in the given charset (the bucket keeps its bytes). */
    public String toString(Charset charset) {
        return content().toString(charset);
    }

    @Override
    public void release() {
        ByteBuf toRelease = content;
        content = null;
        if (toRelease != null) {
            toRelease.release();
        }
    }

    @Override
    public DataBucket split(long offset) {
        checkSplit(offset);
        int cut = (int) offset;
        ByteBuf whole = content();
        ByteBuf rest = whole.retainedSlice(whole.readerIndex() + cut, whole.readableBytes() - cut);
        content = whole.slice(whole.readerIndex(), cut);
        DataBucket tail = new DataBucket(rest);
        if (owner != null) {
            owner.insertAfter(this, tail);
        }
        return tail;
    }

    @Override
    public String toString() {
        return "DATA(" + length() + ")";
    }
}
