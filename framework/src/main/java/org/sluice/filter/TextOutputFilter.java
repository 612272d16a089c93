package org.sluice.filter;

import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;
import org.sluice.brigade.FileBucket;
import org.sluice.brigade.MetadataBucket;

/**
 * An output filter that transforms text, for filters that need nothing more than
 * {@link #transform(String)}: the streaming style of mod_perl's
 * {@code while ($f->read(my $buf)) { $f->print(lc $buf) }}.
 *
 * <pre>{@code
 * public final class LowercaseFilter extends TextOutputFilter {
 *     protected String transform(String text) { return text.toLowerCase(Locale.ROOT); }
 * }
 * }</pre>
 *
 * <p>The data of each brigade (file regions included, which are read into memory) is decoded
 * in the filter's charset, UTF-8 unless the constructor says otherwise, transformed, encoded
 * again and passed on as new data buckets; metadata buckets keep their place between them.
 * Text is passed on as soon as it arrives: the filter keeps only the few bytes of a character
 * that is split between buckets or brigades, until the rest of it comes. FLUSH passes all
 * complete text; EOS also ends an incomplete character, as a replacement character. Bytes
 * that are not valid in the charset become the replacement character too, so a filter never
 * fails on its input.
 *
 * <p>{@code transform} sees the text in pieces whose boundaries fall anywhere between two
 * characters (never inside a surrogate pair), so it must not depend on seeing whole lines or
 * words; a filter that needs them uses the {@link Brigade} API ({@link Brigade#splitLine})
 * instead.
 */
public abstract class TextOutputFilter implements OutputFilter {

    /** The most bytes of a file bucket read into memory at a time. */
    private static final int FILE_CHUNK = 64 * 1024;

    private final Charset charset;
    private final TextDecoder decoder;

    /** A filter for UTF-8 text. */
    protected TextOutputFilter() {
        this(StandardCharsets.UTF_8);
    }

    /** A filter for text in {@code charset}, which it decodes and encodes in. */
    protected TextOutputFilter(Charset charset) {
        this.charset = charset;
        this.decoder = new TextDecoder(charset);
    }

    /**
     * Transforms a piece of text; the result replaces it in the output.
     *
     * @param text a non-empty piece of the stream's text
     * @return the text to send instead (may be empty)
     */
    protected abstract String transform(String text);

    /** The charset the filter decodes and encodes in. */
    protected final Charset charset() {
        return charset;
    }

    @Override
    public void pass(Context ctx, Brigade brigade) throws IOException {
        Brigade out = new Brigade();
        StringBuilder text = new StringBuilder();
        try {
            for (Bucket bucket; (bucket = brigade.removeFirst()) != null; ) {
                switch (bucket) {
                    case DataBucket data -> decode(data, text);
                    case FileBucket file -> decode(file, text);
                    case MetadataBucket marker -> {
                        if (marker.isEos()) {
                            decoder.finish(text);
                        }
                        emit(text, out);
                        out.addLast(marker);
                    }
                }
            }
            emit(text, out);
            if (!out.isEmpty()) {
                ctx.passNext(out);
            }
        } finally {
            // Whatever the filters below left, or what was not reached after a failure.
            out.cleanup();
            brigade.cleanup();
        }
    }

    private void decode(DataBucket data, StringBuilder text) {
        try {
            decoder.decode(data.content(), text);
        } finally {
            data.release();
        }
    }

    private void decode(FileBucket file, StringBuilder text) throws IOException {
        try {
            while (file.length() > 0) {
                decode(file.read(ByteBufAllocator.DEFAULT, FILE_CHUNK), text);
            }
        } finally {
            file.release();
        }
    }

    private void emit(StringBuilder text, Brigade out) {
        if (text.isEmpty()) {
            return;
        }
        String transformed = transform(text.toString());
        text.setLength(0);
        if (transformed != null && !transformed.isEmpty()) {
            out.addLast(DataBucket.of(transformed, charset));
        }
    }
}
