package org.sluice.module;

import java.util.function.Supplier;
import org.sluice.config.Directive;
import org.sluice.connection.ConnectionHandler;
import org.sluice.connection.PreConnectionHandler;
import org.sluice.filter.FilterType;
import org.sluice.filter.InputFilter;
import org.sluice.filter.OutputFilter;
import org.sluice.hook.Hook;
import org.sluice.hook.Order;
import org.sluice.log.LogItem;

/** What a module contributes to the server, recorded under the module's name. */
public interface Registry {

    /** The name of the module registering. */
    String moduleName();

    /** A configuration directive. */
    void directive(Directive directive);

    /** A function for a hook, placed by {@code order}. */
    <F> void hook(Hook<F> hook, F function, Order order);

    /**
     * An input filter that {@code ConnectionInputFilter name} (or protocol code) can add; the
     * factory makes one instance per connection.
     */
    void inputFilter(String name, FilterType type, Supplier<? extends InputFilter> factory);

    /** An output filter, as {@link #inputFilter}. */
    void outputFilter(String name, FilterType type, Supplier<? extends OutputFilter> factory);

    /** A protocol that {@code ProtocolHandler name} and {@code Listen port name} select. */
    void protocol(String name, ConnectionHandler handler);

    /** A pre-connection handler that {@code PreConnectionHandler name} selects. */
    void preConnectionHandler(String name, PreConnectionHandler handler);

    /**
     * An extension for another module's extension point: any module can define an interface
     * and collect the implementations others register with
     * {@link org.sluice.server.Server#extensions(Class)}.
     */
    <T> void extension(Class<T> type, T extension);

    /**
     * A {@code LogFormat} code: {@code %x} or {@code %{argument}x} for the given letter; without
     * a {@code <} or {@code >} modifier its items describe the final event of an internal
     * redirect (see {@link LogItem.Redirected}). Codes a module registers win over the framework's.
     */
    default void logItem(char code, LogItem.Factory factory) {
        logItem(code, LogItem.Redirected.FINAL, factory);
    }

    /**
     * A {@code LogFormat} code whose items describe, without a {@code <} or {@code >} modifier,
     * the {@code byDefault} event of an internal redirect ({@code %s} describes the original
     * request: {@code logItem('s', Redirected.ORIGINAL, ...)}).
     */
    void logItem(char code, LogItem.Redirected byDefault, LogItem.Factory factory);
}
