package org.sluice.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable, ordered list of header fields in which names match case-insensitively. The
 * order and the spelling of the names are kept as received, since field order matters for
 * fields that may repeat (RFC 9110 §5.3).
 *
 * <pre>{@code
 * HttpHeaders headers = HttpHeaders.builder()
 *         .add("Content-Type", "text/plain")
 *         .add("Vary", "Accept")
 *         .build();
 * headers.get("content-type");   // "text/plain"
 * }</pre>
 *
 * <p>Values are kept as ISO-8859-1 text, one char per byte, so obs-text survives unchanged.
 */
public final class HttpHeaders implements Iterable<HttpHeaders.Field> {

    /** One field line: its name as spelled, and its value without surrounding whitespace. */
    public record Field(String name, String value) {
        /** True if this field's name is {@code other}, ignoring case. */
        public boolean is(String other) {
            return name.equalsIgnoreCase(other);
        }
    }

    private static final HttpHeaders EMPTY = new HttpHeaders(List.of());

    private final List<Field> fields;

    private HttpHeaders(List<Field> fields) {
        this.fields = fields;
    }

    public static HttpHeaders empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The value of the first field named {@code name}, or null when there is none. */
    public String get(String name) {
        for (int i = 0, n = fields.size(); i < n; i++) {
            Field field = fields.get(i);
            if (field.is(name)) {
                return field.value();
            }
        }
        return null;
    }

    /**
     * A list field's lines as one value, joined with {@code ", "} as RFC 9110 §5.3 makes them
     * equivalent; null when there is none.
     */
    public String list(String name) {
        String first = get(name);
        return first == null || count(name) == 1 ? first : String.join(", ", all(name));
    }

    /** The values of every field named {@code name}, in order; empty when there is none. */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(2);
        for (Field field : fields) {
            if (field.is(name)) {
                values.add(field.value());
            }
        }
        return values;
    }

    /** How many field lines are named {@code name}. */
    public int count(String name) {
        int count = 0;
        for (Field field : fields) {
            if (field.is(name)) {
                count++;
            }
        }
        return count;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    /**
     * True if a field named {@code name} holds {@code token} as an element of its
     * comma-separated list, ignoring case ({@code Connection: keep-alive, Upgrade}).
     */
    public boolean containsToken(String name, String token) {
        for (Field field : fields) {
            if (field.is(name)) {
                for (String element : field.value().split(",", -1)) {
                    if (element.strip().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The distinct names, in order of first appearance, lower-cased. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (Field field : fields) {
            names.add(field.name().toLowerCase(Locale.ROOT));
        }
        return Collections.unmodifiableSet(names);
    }

    /** Number of field lines. */
    public int size() {
        return fields.size();
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** Every field line, in order. */
    public List<Field> fields() {
        return fields;
    }

    public void forEach(BiConsumer<String, String> action) {
        for (Field field : fields) {
            action.accept(field.name(), field.value());
        }
    }

    @Override
    public Iterator<Field> iterator() {
        return fields.iterator();
    }

    /** A builder that starts with these fields. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.fields.addAll(fields);
        return builder;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HttpHeaders that && fields.equals(that.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }

    /** Collects fields for an {@link HttpHeaders}; not thread-safe. */
    public static final class Builder {
        private final List<Field> fields = new ArrayList<>();

        private Builder() {
        }

        /** Appends a field line, keeping any others of the same name. */
        public Builder add(String name, String value) {
            fields.add(new Field(requireNonNullName(name), java.util.Objects.requireNonNull(value, "value")));
            return this;
        }

        /** Adds a field already checked, as a parser makes it. */
        Builder add(Field field) {
            fields.add(field);
            return this;
        }

        /** Replaces every field named {@code name} with one line holding {@code value}. */
        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        /** Replaces every field named as {@code field} is with it (a field made once and shared). */
        Builder set(Field field) {
            remove(field.name());
            fields.add(field);
            return this;
        }

        /** Removes every field named {@code name}. */
        public Builder remove(String name) {
            for (int i = fields.size() - 1; i >= 0; i--) {
                if (fields.get(i).is(name)) {
                    fields.remove(i);
                }
            }
            return this;
        }

        /** The value of the first field named {@code name}, or null. */
        public String get(String name) {
            for (Field field : fields) {
                if (field.is(name)) {
                    return field.value();
                }
            }
            return null;
        }

        /** The fields collected so far, in order. */
        public List<Field> fields() {
            return Collections.unmodifiableList(fields);
        }

        /** The fields collected so far, for readers in this package that only read them. */
        List<Field> fieldsInPlace() {
            return fields;
        }

        /** Removes every field. */
        public Builder clear() {
            fields.clear();
            return this;
        }

        public boolean contains(String name) {
            for (Field field : fields) {
                if (field.is(name)) {
                    return true;
                }
            }
            return false;
        }

        public int size() {
            return fields.size();
        }

        public HttpHeaders build() {
            return fields.isEmpty() ? EMPTY : new HttpHeaders(List.copyOf(fields));
        }

        private static String requireNonNullName(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a header field needs a name");
            }
            return name;
        }
    }
}
