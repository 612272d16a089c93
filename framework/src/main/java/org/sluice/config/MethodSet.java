package org.sluice.config;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The request methods a directive applies to: every method, the ones a {@code <Limit>}
 * section names, or all but the ones a {@code <LimitExcept>} names (Apache's
 * {@code cmd->limited} mask). Nested sections intersect; a block of rules covers the union of
 * its rules' sets.
 *
 * <p>Method names are case-sensitive, as in HTTP. {@code HEAD} is the same method as
 * {@code GET} here, as in Apache: limiting one limits both.
 *
 * <pre>{@code
 * MethodSet post = MethodSet.of(List.of("POST", "PUT"));
 * post.contains("POST");                       // true
 * MethodSet.allBut(List.of("GET")).contains("HEAD");  // false
 * }</pre>
 */
public final class MethodSet {

    /** Every method: a directive outside any {@code <Limit>}. */
    public static final MethodSet ALL = new MethodSet(true, Set.of());

    /**
     * The methods of HTTP and WebDAV, which every server knows (httpd's built-in methods); a
     * request with any other method is answered 501.
     */
    public static final Set<String> STANDARD = Set.of("GET", "HEAD", "PUT", "POST", "DELETE", "CONNECT",
            "OPTIONS", "TRACE", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK",
            "VERSION-CONTROL", "CHECKOUT", "UNCHECKOUT", "CHECKIN", "UPDATE", "LABEL", "REPORT", "MKWORKSPACE",
            "MKACTIVITY", "BASELINE-CONTROL", "MERGE");

    private static final MethodSet NONE = new MethodSet(false, Set.of());

    /** True when {@link #names} are the methods left out rather than the ones included. */
    private final boolean except;
    private final Set<String> names;

    private MethodSet(boolean except, Set<String> names) {
        this.except = except;
        this.names = names;
    }

    /** No method: where a union of the sets of some rules starts. */
    public static MethodSet none() {
        return NONE;
    }

    /** Just {@code methods} ({@code <Limit>}). */
    public static MethodSet of(Collection<String> methods) {
        return new MethodSet(false, normalized(methods));
    }

    /** Every method but {@code methods} ({@code <LimitExcept>}). */
    public static MethodSet allBut(Collection<String> methods) {
        return new MethodSet(true, normalized(methods));
    }

    /**
     * Whether a request with {@code method} is covered. A null method (a protocol without
     * methods) is covered only by {@link #ALL}.
     */
    public boolean contains(String method) {
        if (method == null) {
            return isAll();
        }
        return names.contains(normal(method)) != except;
    }

    public boolean isAll() {
        return except && names.isEmpty();
    }

    public boolean isEmpty() {
        return !except && names.isEmpty();
    }

    /** The methods in both sets: a {@code <Limit>} within another. */
    public MethodSet and(MethodSet other) {
        if (!except && !other.except) {
            return new MethodSet(false, retained(names, other.names, true));
        }
        if (except && other.except) {
            return new MethodSet(true, joined(names, other.names));
        }
        MethodSet listed = except ? other : this;
        MethodSet excepted = except ? this : other;
        return new MethodSet(false, retained(listed.names, excepted.names, false));
    }

    /** The methods in either set: what a block of limited rules covers. */
    public MethodSet or(MethodSet other) {
        if (!except && !other.except) {
            return new MethodSet(false, joined(names, other.names));
        }
        if (except && other.except) {
            return new MethodSet(true, retained(names, other.names, true));
        }
        MethodSet listed = except ? other : this;
        MethodSet excepted = except ? this : other;
        return new MethodSet(true, retained(excepted.names, listed.names, false));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MethodSet other && except == other.except && names.equals(other.names);
    }

    @Override
    public int hashCode() {
        return names.hashCode() * 31 + (except ? 1 : 0);
    }

    /** {@code all}, {@code GET POST}, {@code all but GET}. */
    @Override
    public String toString() {
        if (isAll()) {
            return "all";
        }
        String listed = String.join(" ", new TreeSet<>(names));
        return except ? "all but " + listed : listed.isEmpty() ? "none" : listed;
    }

    private static Set<String> normalized(Collection<String> methods) {
        Set<String> set = new TreeSet<>();
        for (String method : methods) {
            set.add(normal(method));
        }
        return Set.copyOf(set);
    }

    private static String normal(String method) {
        return method.equals("HEAD") ? "GET" : method;
    }

    private static Set<String> joined(Set<String> a, Set<String> b) {
        Set<String> both = new TreeSet<>(a);
        both.addAll(b);
        return Set.copyOf(both);
    }

    /** {@code a} keeping the names that are in {@code b} ({@code inB}) or that are not. */
    private static Set<String> retained(Set<String> a, Set<String> b, boolean inB) {
        Set<String> kept = new TreeSet<>();
        for (String name : a) {
            if (b.contains(name) == inB) {
                kept.add(name);
            }
        }
        return Set.copyOf(kept);
    }
}
