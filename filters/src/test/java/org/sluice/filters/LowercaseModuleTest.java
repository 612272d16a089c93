package org.sluice.filters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.sluice.config.Directive;
import org.sluice.connection.ConnectionHandler;
import org.sluice.connection.PreConnectionHandler;
import org.sluice.filter.FilterType;
import org.sluice.filter.InputFilter;
import org.sluice.filter.OutputFilter;
import org.sluice.hook.Hook;
import org.sluice.hook.Order;
import org.sluice.log.LogItem;
import org.sluice.module.Module;
import org.sluice.module.Registry;

class LowercaseModuleTest {

    private record Registered(String name, FilterType type, Supplier<? extends OutputFilter> factory) {}

    /** Records the output filters a module registers; anything else is unexpected. */
    private static final class OutputFilterRegistry implements Registry {
        final List<Registered> outputFilters = new ArrayList<>();

        @Override
        public String moduleName() {
            return "lowercase";
        }

        @Override
        public void outputFilter(String name, FilterType type, Supplier<? extends OutputFilter> factory) {
            outputFilters.add(new Registered(name, type, factory));
        }

        @Override
        public void directive(Directive directive) {
            throw new AssertionError("unexpected directive " + directive);
        }

        @Override
        public <F> void hook(Hook<F> hook, F function, Order order) {
            throw new AssertionError("unexpected hook " + hook);
        }

        @Override
        public void inputFilter(String name, FilterType type, Supplier<? extends InputFilter> factory) {
            throw new AssertionError("unexpected input filter " + name);
        }

        @Override
        public void protocol(String name, ConnectionHandler handler) {
            throw new AssertionError("unexpected protocol " + name);
        }

        @Override
        public void preConnectionHandler(String name, PreConnectionHandler handler) {
            throw new AssertionError("unexpected pre-connection handler " + name);
        }

        @Override
        public <T> void extension(Class<T> type, T extension) {
            throw new AssertionError("unexpected extension " + type);
        }

        @Override
        public void logItem(char code, LogItem.Redirected byDefault, LogItem.Factory factory) {
            throw new AssertionError("unexpected log item " + code);
        }
    }

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        List<String> names = ServiceLoader.load(Module.class).stream()
                .map(provider -> provider.get().name())
                .toList();

        assertThat(names).contains("lowercase");
    }

    @Test
    void registersTheLowercaseConnectionOutputFilter() {
        OutputFilterRegistry registry = new OutputFilterRegistry();
        new LowercaseModule().register(registry);

        assertThat(registry.outputFilters).singleElement().satisfies(registered -> {
            assertThat(registered.name()).isEqualTo("lowercase");
            assertThat(registered.type()).isEqualTo(FilterType.CONNECTION);
            assertThat(registered.factory().get()).isInstanceOf(LowercaseFilter.class);
        });
    }

    @Test
    void makesOneFilterPerConnection() {
        OutputFilterRegistry registry = new OutputFilterRegistry();
        new LowercaseModule().register(registry);
        Supplier<? extends OutputFilter> factory = registry.outputFilters.getFirst().factory();

        assertThat(factory.get()).isNotSameAs(factory.get());
    }
}
