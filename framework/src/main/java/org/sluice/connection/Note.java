package org.sluice.connection;

/**
 * A typed key for a connection note. Notes let modules hang state on a connection without
 * casts: {@code static final Note<String> USER = Note.of("user", String.class);}. Notes are
 * also what {@code %{name}n} prints in a {@code LogFormat}.
 */
public record Note<T>(String name, Class<T> type) {

    public static <T> Note<T> of(String name, Class<T> type) {
        return new Note<>(name, type);
    }
}
