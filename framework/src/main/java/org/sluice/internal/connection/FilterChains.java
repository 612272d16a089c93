package org.sluice.internal.connection;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.sluice.brigade.Brigade;
import org.sluice.connection.Connection;
import org.sluice.filter.Block;
import org.sluice.filter.FilterType;
import org.sluice.filter.InputFilter;
import org.sluice.filter.InputFilterChain;
import org.sluice.filter.OutputFilter;
import org.sluice.filter.OutputFilterChain;
import org.sluice.filter.ReadMode;
import org.sluice.filter.ReadStatus;
import org.sluice.internal.module.FilterRegistration;
import org.sluice.internal.module.Modules;

/**
 * A connection's two filter chains: singly linked lists ordered by {@link FilterType}, ending
 * in the core filter. A removed entry keeps its link onward, so a call already inside it
 * finishes normally.
 */
final class FilterChains {

    private FilterChains() {
    }

    /** One filter in a chain, and what its context has whichever way the chain runs. */
    abstract static class Entry<E extends Entry<E>> {
        final Chain<E> chain;
        final String name;
        final FilterType type;
        E next;
        boolean removed;

        Entry(Chain<E> chain, String name, FilterType type) {
            this.chain = chain;
            this.name = name;
            this.type = type;
        }

        /** This entry as the chain's entry type. */
        abstract E self();

        public Connection connection() {
            return chain.connection;
        }

        public String name() {
            return name;
        }

        public void remove() {
            if (!removed) {
                chain.unlink(self());
            }
        }
    }

    /** The list handling both chains share. */
    abstract static class Chain<E extends Entry<E>> {
        final Connection connection;
        final Modules modules;
        private E core;
        E head;

        Chain(Connection connection, Modules modules) {
            this.connection = connection;
            this.modules = modules;
        }

        /** Sets the core filter, the last of the chain (entries are inner objects, made after super()). */
        void installCore(E coreEntry) {
            core = coreEntry;
            head = coreEntry;
        }

        /**
         * Links {@code entry} after the last entry whose type is not above its own; the core
         * filter stays last, so a new NETWORK filter goes just above it.
         */
        void insert(E entry) {
            E previous = null;
            E at = head;
            while (at != core && at.type.compareTo(entry.type) <= 0) {
                previous = at;
                at = at.next;
            }
            entry.next = at;
            if (previous == null) {
                head = entry;
            } else {
                previous.next = entry;
            }
        }

        public boolean remove(String name) {
            for (E e = head; e != core; e = e.next) {
                if (e.name.equalsIgnoreCase(name)) {
                    unlink(e);
                    return true;
                }
            }
            return false;
        }

        void unlink(E target) {
            E previous = null;
            for (E e = head; e != core; previous = e, e = e.next) {
                if (e == target) {
                    e.removed = true;
                    if (previous == null) {
                        head = e.next;
                    } else {
                        previous.next = e.next;
                    }
                    return;
                }
            }
        }

        public List<String> names() {
            List<String> names = new ArrayList<>();
            for (E e = head; e != null; e = e.next) {
                names.add(e.name + " (" + e.type + ")");
            }
            return names;
        }

        static <F> FilterRegistration<F> registered(FilterRegistration<F> registration, String kind, String name) {
            if (registration == null) {
                throw new IllegalArgumentException("no " + kind + " filter named " + name);
            }
            return registration;
        }
    }

    static final class Input extends Chain<Input.InEntry> implements InputFilterChain {

        private final CoreInputFilter coreFilter;

        Input(Connection connection, Modules modules, CoreInputFilter coreFilter) {
            super(connection, modules);
            this.coreFilter = coreFilter;
            installCore(new InEntry("core_in", FilterType.NETWORK, coreFilter));
        }

        @Override
        public ReadStatus read(Brigade into, ReadMode mode, Block block, long readBytes) throws IOException {
            return head.filter.read(head, into, mode, block, readBytes);
        }

        @Override
        public boolean awaitInput() throws IOException {
            for (InEntry e = head; e.filter != coreFilter; e = e.next) {
                if (e.filter.holdsInput()) {
                    return true;
                }
            }
            return coreFilter.awaitInput();
        }

        @Override
        public void add(String name) {
            FilterRegistration<InputFilter> r = registered(modules.inputFilter(name), "input", name);
            add(r.name(), r.type(), r.factory().get());
        }

        @Override
        public void add(String name, FilterType type, InputFilter filter) {
            insert(new InEntry(name, type, filter));
        }

        final class InEntry extends Entry<InEntry> implements InputFilter.Context {
            final InputFilter filter;

            InEntry(String name, FilterType type, InputFilter filter) {
                super(Input.this, name, type);
                this.filter = filter;
            }

            @Override
            InEntry self() {
                return this;
            }

            @Override
            public ReadStatus readNext(Brigade into, ReadMode mode, Block block, long readBytes) throws IOException {
                InEntry n = next;
                return n.filter.read(n, into, mode, block, readBytes);
            }
        }
    }

    static final class Output extends Chain<Output.OutEntry> implements OutputFilterChain {

        Output(Connection connection, Modules modules, OutputFilter coreFilter) {
            super(connection, modules);
            installCore(new OutEntry("core_out", FilterType.NETWORK, coreFilter));
        }

        @Override
        public void pass(Brigade brigade) throws IOException {
            head.filter.pass(head, brigade);
        }

        @Override
        public void add(String name) {
            FilterRegistration<OutputFilter> r = registered(modules.outputFilter(name), "output", name);
            add(r.name(), r.type(), r.factory().get());
        }

        @Override
        public void add(String name, FilterType type, OutputFilter filter) {
            insert(new OutEntry(name, type, filter));
        }

        final class OutEntry extends Entry<OutEntry> implements OutputFilter.Context {
            final OutputFilter filter;

            OutEntry(String name, FilterType type, OutputFilter filter) {
                super(Output.this, name, type);
                this.filter = filter;
            }

            @Override
            OutEntry self() {
                return this;
            }

            @Override
            public void passNext(Brigade brigade) throws IOException {
                OutEntry n = next;
                n.filter.pass(n, brigade);
            }
        }
    }
}
