package org.sluice.brigade;

/**
 * A bucket that carries no bytes, only meaning: {@link #flush() FLUSH} asks the filters below
 * to send what they hold, {@link #eos() EOS} marks the end of the stream. Protocols define
 * their own by subclassing (HTTP's error bucket, for instance).
 */
public non-sealed class MetadataBucket extends Bucket {

    private final String kind;

    protected MetadataBucket(String kind) {
        this.kind = kind;
    }

    /** A new FLUSH bucket. */
    public static MetadataBucket flush() {
        return new MetadataBucket("FLUSH");
    }

    /** A new end-of-stream bucket. */
    public static MetadataBucket eos() {
        return new MetadataBucket("EOS");
    }

    /** The kind of marker, e.g. {@code FLUSH} or {@code EOS}. */
    public String kind() {
        return kind;
    }

    @Override
    public final boolean isMetadata() {
        return true;
    }

    @Override
    public boolean isFlush() {
        return "FLUSH".equals(kind);
    }

    @Override
    public boolean isEos() {
        return "EOS".equals(kind);
    }

    @Override
    public final long length() {
        return 0;
    }

    @Override
    public void release() {
        // holds nothing
    }

    @Override
    public Bucket split(long offset) {
        throw new IllegalArgumentException("a " + kind + " bucket has no bytes to split");
    }

    @Override
    public String toString() {
        return kind;
    }
}
