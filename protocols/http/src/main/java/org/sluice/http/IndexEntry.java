package org.sluice.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * One line of a directory listing: a name (a directory's with its slash; the parent's is its
 * URL path), and what the fancy listing shows of it.
 */
final class IndexEntry {

    final String name;
    /** The name as it is on disk, UTF-8: httpd lays names out and sorts them by their bytes. */
    final byte[] bytes;
    final boolean parent;
    /** A directory that {@code FoldersFirst} puts before the files. */
    final boolean folder;
    /** -1 when not shown. */
    long size = -1;
    /** Microseconds since the epoch; -1 when not shown. */
    long modified = -1;
    String icon;
    String alt;
    String description;

    IndexEntry(String name, boolean parent, boolean folder) {
        this.name = name;
        this.bytes = name.getBytes(StandardCharsets.UTF_8);
        this.parent = parent;
        this.folder = folder;
    }

    /**
     * The order of a listing, as httpd sorts it: the parent first, then (with FoldersFirst)
     * directories, then by the column asked for, ties broken by name (naturally with
     * VersionSort, then case-blind with IgnoreCase, then byte by byte).
     */
    static Comparator<IndexEntry> order(char column, boolean ascending, boolean versionSort, boolean ignoreCase) {
        return (e1, e2) -> {
            if (e1.parent) {
                return e2.parent ? 0 : -1;
            }
            if (e2.parent) {
                return 1;
            }
            if (e1.folder != e2.folder) {
                return e1.folder ? -1 : 1;
            }
            IndexEntry c1 = ascending ? e1 : e2;
            IndexEntry c2 = ascending ? e2 : e1;
            int result = switch (column) {
                case 'M' -> Long.compare(c1.modified, c2.modified);
                case 'S' -> Long.compare(c1.size, c2.size);
                case 'D' -> {
                    byte[] d1 = descriptionBytes(c1);
                    byte[] d2 = descriptionBytes(c2);
                    yield versionSort ? naturalCompare(d1, d2, false) : Integer.signum(unsignedCompare(d1, d2));
                }
                default -> 0;
            };
            if (result != 0) {
                return result;
            }
            if (versionSort) {
                if (ignoreCase) {
                    result = naturalCompare(c1.bytes, c2.bytes, true);
                }
                if (result == 0) {
                    result = naturalCompare(c1.bytes, c2.bytes, false);
                }
            }
            if (result == 0 && ignoreCase) {
                result = caseBlindCompare(c1.bytes, c2.bytes);
            }
            return result != 0 ? result : unsignedCompare(c1.bytes, c2.bytes);
        };
    }

    private static byte[] descriptionBytes(IndexEntry e) {
        return e.description == null ? new byte[0] : e.description.getBytes(StandardCharsets.UTF_8);
    }

    /** strcmp. */
    static int unsignedCompare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** strcasecmp: ASCII letters folded to lower case. */
    static int caseBlindCompare(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int ca = lower(a[i] & 0xff);
            int cb = lower(b[i] & 0xff);
            if (ca != cb) {
                return ca - cb;
            }
        }
        return a.length - b.length;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    private static int upper(int c) {
        return c >= 'a' && c <= 'z' ? c - 32 : c;
    }

    /**
     * Natural order (APR's strnatcmp): runs of digits compare as numbers, a run starting with
     * 0 as a fraction; white space is skipped. Bytes compare signed, as C's char does there.
     */
    static int naturalCompare(byte[] a, byte[] b, boolean foldCase) {
        int ai = 0;
        int bi = 0;
        while (true) {
            int ca = at(a, ai);
            int cb = at(b, bi);
            while (isSpace(ca)) {
                ca = at(a, ++ai);
            }
            while (isSpace(cb)) {
                cb = at(b, ++bi);
            }
            if (isDigit(ca) && isDigit(cb)) {
                int result = ca == '0' || cb == '0' ? compareLeft(a, ai, b, bi) : compareRight(a, ai, b, bi);
                if (result != 0) {
                    return result;
                }
            }
            if (ca == 0 && cb == 0) {
                return 0;
            }
            if (foldCase) {
                ca = upper(ca);
                cb = upper(cb);
            }
            if (ca != cb) {
                return ca < cb ? -1 : 1;
            }
            ai++;
            bi++;
        }
    }

    /** The byte at {@code i} as a signed C char; 0 past the end. */
    private static int at(byte[] s, int i) {
        return i < s.length ? s[i] : 0;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c >= '\t' && c <= '\r';
    }

    /** Two numbers aligned right: the longer run wins, else the first difference. */
    private static int compareRight(byte[] a, int ai, byte[] b, int bi) {
        int bias = 0;
        for (;; ai++, bi++) {
            int ca = at(a, ai);
            int cb = at(b, bi);
            if (!isDigit(ca) && !isDigit(cb)) {
                return bias;
            } else if (!isDigit(ca)) {
                return -1;
            } else if (!isDigit(cb)) {
                return 1;
            } else if (ca < cb) {
                if (bias == 0) {
                    bias = -1;
                }
            } else if (ca > cb) {
                if (bias == 0) {
                    bias = 1;
                }
            }
        }
    }

    /** Two fractions aligned left: the first difference wins. */
    private static int compareLeft(byte[] a, int ai, byte[] b, int bi) {
        for (;; ai++, bi++) {
            int ca = at(a, ai);
            int cb = at(b, bi);
            if (!isDigit(ca) && !isDigit(cb)) {
                return 0;
            } else if (!isDigit(ca)) {
                return -1;
            } else if (!isDigit(cb)) {
                return 1;
            } else if (ca != cb) {
                return ca < cb ? -1 : 1;
            }
        }
    }
}
