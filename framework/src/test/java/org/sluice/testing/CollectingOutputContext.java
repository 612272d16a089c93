package org.sluice.testing;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;
import org.sluice.brigade.FileBucket;
import org.sluice.brigade.MetadataBucket;
import org.sluice.connection.Connection;
import org.sluice.filter.OutputFilter;

/**
 * An {@link OutputFilter.Context} for testing one filter: what the filter passes on is kept,
 * bucket for bucket, instead of going to a next filter. {@link #close()} releases it.
 *
 * <pre>{@code
 * try (CollectingOutputContext next = new CollectingOutputContext()) {
 *     filter.pass(next, new Brigade().write("Hello").addEos());
 *     assertThat(next.describe(UTF_8)).containsExactly("hello", "EOS");
 * }
 * }</pre>
 */
public final class CollectingOutputContext implements OutputFilter.Context, AutoCloseable {

    private final String name;
    private final List<Brigade> passed = new ArrayList<>();
    private boolean removed;

    public CollectingOutputContext() {
        this("filter-under-test");
    }

    public CollectingOutputContext(String name) {
        this.name = name;
    }

    /** No connection: filters that need one are tested through a real server. */
    @Override
    public Connection connection() {
        return null;
    }

    @Override
    public String name() {
        return name;
    }

    /** Keeps the buckets; the brigade passed in is left empty, as a next filter would. */
    @Override
    public void passNext(Brigade brigade) {
        Brigade kept = new Brigade();
        brigade.moveTo(kept);
        passed.add(kept);
    }

    @Override
    public void remove() {
        removed = true;
    }

    /** True once the filter asked to be taken out of the chain. */
    public boolean removed() {
        return removed;
    }

    /** The brigades passed on, in order; still owned by this context. */
    public List<Brigade> passed() {
        return passed;
    }

    /** All data passed on so far, decoded in {@code charset}. */
    public String text(Charset charset) {
        StringBuilder text = new StringBuilder();
        for (Brigade brigade : passed) {
            text.append(brigade.flattenToString(charset));
        }
        return text.toString();
    }

    /**
     * Every bucket passed on, in order: data as its text, a file region as
     * {@code FILE(position+length)}, metadata by its kind.
     */
    public List<String> describe(Charset charset) {
        List<String> buckets = new ArrayList<>();
        for (Brigade brigade : passed) {
            for (Bucket bucket : brigade) {
                buckets.add(switch (bucket) {
                    case DataBucket data -> data.toString(charset);
                    case FileBucket file -> "FILE(" + file.position() + "+" + file.length() + ")";
                    case MetadataBucket marker -> marker.kind();
                });
            }
        }
        return buckets;
    }

    /** Releases everything passed on so far and forgets it. */
    @Override
    public void close() {
        passed.forEach(Brigade::cleanup);
        passed.clear();
    }
}
