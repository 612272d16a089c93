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
 * in the core filters. A removed entry keeps its link onward, so a call already inside it
 * finishes normally.
 */
final class FilterChains {

    private FilterChains() {
    }

    /** One filter in a chain, and its context. */
    abstract static class Entry<E extends Entry<E>> {
        final String name;
        final FilterType type;
        E next;
        boolean removed;

        Entry(String name, FilterType type) {
            this.name = name;
            this.type = type;
        }
    }

    /** Links {@code entry} after the last entry of a type not above its own. */
    static <E extends Entry<E>> E insert(E head, E entry) {
        if (head == null || head.type.compareTo(entry.type) > 0) {
            entry.next = head;
            return entry;
        }
        E at = head;
        while (at.next != null && at.next.type.compareTo(entry.type) <= 0) {
            at = at.next;
        }
        entry.next = at.next;
        at.next = entry;
        return head;
    }

    static <E extends Entry<E>> List<String> names(E head) {
        List<String> names = new ArrayList<>();
        for (E e = head; e != null; e = e.next) {
            names.add(e.name + " (" + e.type + ")");
        }
        return names;
    }

    static final class Input implements InputFilterChain {
        private final Connection connection;
        private final Modules modules;
        private final InEntry core;
        private InEntry head;

        Input(Connection connection, Modules modules, InputFilter coreFilter) {
            this.connection = connection;
            this.modules = modules;
            this.core = new InEntry("core_in", FilterType.NETWORK, coreFilter);
            this.head = core;
        }

        @Override
        public ReadStatus read(Brigade into, ReadMode mode, Block block, long readBytes) throws IOException {
            return head.filter.read(head, into, mode, block, readBytes);
        }

        @Override
        public void add(String name) {
            FilterRegistration<InputFilter> registration = modules.inputFilter(name);
            if (registration == null) {
                throw new IllegalArgumentException("no input filter named " + name);
            }
            add(registration.name(), registration.type(), registration.factory().get());
        }

        @Override
        public void add(String name, FilterType type, InputFilter filter) {
            // the core filter stays last: new NETWORK filters go above it
            InEntry entry = new InEntry(name, type, filter);
            if (type == FilterType.NETWORK) {
                InEntry before = null;
                for (InEntry e = head; e != core; e = e.next) {
                    before = e;
                }
                entry.next = core;
                if (before == null) {
                    head = entry;
                } else {
                    before.next = entry;
                }
                return;
            }
            head = insert(head, entry);
        }

        @Override
        public boolean remove(String name) {
            InEntry previous = null;
            for (InEntry e = head; e != core; previous = e, e = e.next) {
                if (e.name.equalsIgnoreCase(name)) {
                    e.removed = true;
                    if (previous == null) {
                        head = e.next;
                    } else {
                        previous.next = e.next;
                    }
                    return true;
                }
            }
            return false;
        }

        @Override
        public List<String> names() {
            return FilterChains.names(head);
        }

        final class InEntry extends Entry<InEntry> implements InputFilter.Context {
            final InputFilter filter;

            InEntry(String name, FilterType type, InputFilter filter) {
                super(name, type);
                this.filter = filter;
            }

            @Override
            public Connection connection() {
                return connection;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public ReadStatus readNext(Brigade into, ReadMode mode, Block block, long readBytes) throws IOException {
                InEntry n = next;
                return n.filter.read(n, into, mode, block, readBytes);
            }

            @Override
            public void remove() {
                if (!removed) {
                    Input.this.remove(this);
                }
            }
        }

        private void remove(InEntry target) {
            InEntry previous = null;
            for (InEntry e = head; e != core; previous = e, e = e.next) {
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
    }

    static final class Output implements OutputFilterChain {
        private final Connection connection;
        private final Modules modules;
        private final OutEntry core;
        private OutEntry head;

        Output(Connection connection, Modules modules, OutputFilter coreFilter) {
            this.connection = connection;
            this.modules = modules;
            this.core = new OutEntry("core_out", FilterType.NETWORK, coreFilter);
            this.head = core;
        }

        @Override
        public void pass(Brigade brigade) throws IOException {
            head.filter.pass(head, brigade);
        }

        @Override
        public void add(String name) {
            FilterRegistration<OutputFilter> registration = modules.outputFilter(name);
            if (registration == null) {
                throw new IllegalArgumentException("no output filter named " + name);
            }
            add(registration.name(), registration.type(), registration.factory().get());
        }

        @Override
        public void add(String name, FilterType type, OutputFilter filter) {
            OutEntry entry = new OutEntry(name, type, filter);
            if (type == FilterType.NETWORK) {
                OutEntry before = null;
                for (OutEntry e = head; e != core; e = e.next) {
                    before = e;
                }
                entry.next = core;
                if (before == null) {
                    head = entry;
                } else {
                    before.next = entry;
                }
                return;
            }
            head = insert(head, entry);
        }

        @Override
        public boolean remove(String name) {
            for (OutEntry e = head; e != core; e = e.next) {
                if (e.name.equalsIgnoreCase(name)) {
                    remove(e);
                    return true;
                }
            }
            return false;
        }

        private void remove(OutEntry target) {
            OutEntry previous = null;
            for (OutEntry e = head; e != core; previous = e, e = e.next) {
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

        @Override
        public List<String> names() {
            return FilterChains.names(head);
        }

        final class OutEntry extends Entry<OutEntry> implements OutputFilter.Context {
            final OutputFilter filter;

            OutEntry(String name, FilterType type, OutputFilter filter) {
                super(name, type);
                this.filter = filter;
            }

            @Override
            public Connection connection() {
                return connection;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public void passNext(Brigade brigade) throws IOException {
                OutEntry n = next;
                n.filter.pass(n, brigade);
            }

            @Override
            public void remove() {
                if (!removed) {
                    Output.this.remove(this);
                }
            }
        }
    }
}
