package org.sluice.brigade;

/**
 * One piece of a {@link Brigade}: data ({@link DataBucket}), a region of a file
 * ({@link FileBucket}) or metadata that carries no bytes ({@link MetadataBucket}: FLUSH, EOS,
 * or a protocol's own, such as an HTTP error).
 *
 * <p>A bucket belongs to at most one brigade at a time. Buckets that hold resources own them:
 * {@link #release()} gives them back, and a brigade releases the buckets it still holds when
 * it is {@linkplain Brigade#cleanup() cleaned up}. Moving a bucket from one brigade to another
 * ({@link #remove()} then insert) transfers that ownership.
 */
public abstract sealed class Bucket permits DataBucket, FileBucket, MetadataBucket {

    Brigade owner;
    Bucket prev;
    Bucket next;

    /** Bytes this bucket carries; 0 for metadata. */
    public abstract long length();

    /** True for buckets that carry no data (FLUSH, EOS, protocol markers). */
    public boolean isMetadata() {
        return false;
    }

    /** True for the FLUSH bucket. */
    public boolean isFlush() {
        return false;
    }

    /** True for the end-of-stream bucket. */
    public boolean isEos() {
        return false;
    }

    /** Gives back what this bucket holds. Safe to call on a bucket that holds nothing. */
    public abstract void release();

    /**
     * Splits this data bucket at {@code offset}: this bucket keeps the first {@code offset}
     * bytes and the returned bucket holds the rest. When this bucket is in a brigade the new
     * one is inserted right after it.
     *
     * @throws IllegalArgumentException if offset is not strictly inside the bucket
     */
    public abstract Bucket split(long offset);

    /** The brigade this bucket is in, or null. */
    public Brigade brigade() {
        return owner;
    }

    /** The next bucket of this bucket's brigade, or null at the end. */
    public Bucket next() {
        return next;
    }

    /** The previous bucket of this bucket's brigade, or null at the start. */
    public Bucket previous() {
        return prev;
    }

    /** Unlinks this bucket from its brigade (the caller now owns it) and returns it. */
    public Bucket remove() {
        if (owner != null) {
            owner.unlink(this);
        }
        return this;
    }

    /** Puts {@code bucket} just before this one in this bucket's brigade. */
    public void insertBefore(Bucket bucket) {
        requireOwner().insertBefore(this, bucket);
    }

    /** Puts {@code bucket} just after this one in this bucket's brigade. */
    public void insertAfter(Bucket bucket) {
        requireOwner().insertAfter(this, bucket);
    }

    /** Removes this bucket from its brigade and releases it. */
    public void delete() {
        remove();
        release();
    }

    private Brigade requireOwner() {
        if (owner == null) {
            throw new IllegalStateException("bucket is not in a brigade");
        }
        return owner;
    }

    void checkSplit(long offset) {
        if (offset <= 0 || offset >= length()) {
            throw new IllegalArgumentException("split offset " + offset + " outside (0, " + length() + ")");
        }
    }
}
