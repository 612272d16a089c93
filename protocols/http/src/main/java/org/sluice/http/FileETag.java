package org.sluice.http;

import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code FileETag}: which of a file's inode, size and modification time make its {@code ETag},
 * kept as httpd's core keeps it: the parts a section names outright ({@code bits}, or unset),
 * and the parts it adds and removes ({@code +Size}, {@code -INode}) over what it inherits.
 * With nothing configured the tag is httpd's default, {@code MTime Size}:
 * {@code "<size>-<mtime in microseconds>"} in hex; with {@code All},
 * {@code "<inode>-<size>-<mtime>"}; with {@code None} there is none.
 */
record FileETag(int bits, int add, int remove) {

    static final int NONE = 1;
    static final int MTIME = 1 << 1;
    static final int INODE = 1 << 2;
    static final int SIZE = 1 << 3;
    static final int ALL = MTIME | INODE | SIZE;
    /** The parts when none are configured. */
    static final int DEFAULT = MTIME | SIZE;

    static final FileETag UNSET = new FileETag(0, 0, 0);

    /**
     * This setting after one {@code FileETag} line: its first absolute word forgets what came
     * before (in the section and inherited), {@code +} and {@code -} words change what is kept.
     *
     * @throws IllegalArgumentException with httpd's message for a word it refuses
     */
    FileETag with(List<String> words) {
        int b = bits;
        int a = add;
        int r = remove;
        boolean first = true;
        for (String word : words) {
            char sign = word.charAt(0);
            boolean relative = sign == '+' || sign == '-';
            String name = relative ? word.substring(1) : word;
            int part = switch (name.toLowerCase(Locale.ROOT)) {
                case "none" -> NONE;
                case "all" -> ALL;
                case "size" -> SIZE;
                case "mtime", "lmtime", "lastmodified" -> MTIME;
                case "inode" -> INODE;
                case "digest" -> throw new IllegalArgumentException(
                        "FileETag Digest is not supported (file contents are not hashed): use MTime, Size or INode");
                default -> throw new IllegalArgumentException("Unknown keyword '" + name + "' for FileETag directive");
            };
            if (relative && (part == NONE || part == ALL)) {
                throw new IllegalArgumentException("FileETag keyword '" + name + "' cannot be used with '+' or '-'");
            }
            if (sign == '+') {
                a |= part;
                r &= ~part;
            } else if (sign == '-') {
                r |= part;
                a &= ~part;
            } else {
                if (first) {
                    b = 0;
                    first = false;
                }
                b = part == NONE || part == ALL ? part : b | part;
                a = 0;
                r = 0;
            }
        }
        return new FileETag(b, a, r);
    }

    /** {@code child} (a section's setting) over this inherited one, as httpd's core merges them. */
    FileETag merge(FileETag child) {
        if (this == UNSET && child == UNSET) {
            return UNSET;
        }
        int b;
        int a;
        int r;
        if (child.bits == 0) {
            a = (add & ~child.remove) | child.add;
            r = (remove & ~child.add) | child.remove;
            b = (bits & ~r) | a;
        } else {
            b = child.bits;
            a = child.add;
            r = child.remove;
        }
        if (b != NONE) {
            b &= ~NONE;
        }
        return new FileETag(b, a, r);
    }

    /** The parts a tag is made of; {@link #NONE} for no tag. */
    int parts() {
        int parts = (bits & ~remove) | add;
        if ((parts & NONE) != 0) {
            return NONE;
        }
        return parts == 0 ? DEFAULT : parts;
    }

    /** The tag of a file with {@code parts} (not {@link #NONE}) from its attributes, in httpd's format. */
    static String of(int parts, BasicFileAttributes attributes) {
        StringBuilder tag = new StringBuilder(48).append('"');
        if ((parts & INODE) != 0) {
            tag.append(Long.toHexString(inode(attributes))).append('-');
        }
        if ((parts & SIZE) != 0) {
            tag.append(Long.toHexString(attributes.size())).append('-');
        }
        if ((parts & MTIME) != 0) {
            Instant mtime = attributes.lastModifiedTime().toInstant();
            tag.append(Long.toHexString(mtime.getEpochSecond() * 1_000_000L + mtime.getNano() / 1000)).append('-');
        }
        tag.setLength(tag.length() - 1);
        return tag.append('"').toString();
    }

    /**
     * The file's inode number, read from its file key ({@code (dev=803,ino=1234)} on Unix
     * systems); 0 where the platform gives none.
     */
    static long inode(BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        if (key == null) {
            return 0;
        }
        String text = key.toString();
        int at = text.indexOf("ino=");
        if (at < 0) {
            return 0;
        }
        int end = at + 4;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        try {
            return Long.parseLong(text, at + 4, end, 10);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
