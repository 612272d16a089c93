package org.sluice.access;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.sluice.config.ArgShape;
import org.sluice.config.ConfigException;
import org.sluice.config.ConfigLocation;
import org.sluice.config.Directive;
import org.sluice.config.DirConfigKey;
import org.sluice.config.DirectiveCall;
import org.sluice.config.Scope;
import org.sluice.config.ServerConfigKey;

/**
 * Reads the lines of one section into an {@link AccessConfig} through the real directive
 * handlers, with a minimal stand-in for the configuration processor: sections nest, arguments
 * are split as Apache splits them, ITERATE and ITERATE2 call the handler once per argument.
 */
final class TestConfig {

    static final String FILE = "test.conf";

    private static final Map<String, Directive> DIRECTIVES = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        for (Directive directive : AccessDirectives.directives()) {
            DIRECTIVES.put(directive.name(), directive);
        }
    }

    private TestConfig() {
    }

    /** The configuration of a section containing {@code text}. */
    static AccessConfig parse(String text) throws ConfigException {
        return parse(Path.of("/srv/sluice"), text);
    }

    /** As {@link #parse(String)}, relative paths resolving against {@code root}. */
    static AccessConfig parse(Path root, String text) throws ConfigException {
        AccessConfig config = AccessConfig.KEY.create().get();
        List<Node> nodes = read(text);
        run(nodes, config, root);
        return config;
    }

    private record Node(String name, String rawArgs, int line, boolean section, List<Node> children) {
    }

    private static List<Node> read(String text) throws ConfigException {
        String[] lines = text.split("\n", -1);
        List<List<Node>> stack = new ArrayList<>();
        List<Node> top = new ArrayList<>();
        stack.add(top);
        List<String> open = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("</")) {
                String name = line.substring(2, line.length() - 1).strip();
                if (open.isEmpty() || !open.get(open.size() - 1).equalsIgnoreCase(name)) {
                    throw new ConfigException(new ConfigLocation(FILE, number), "unexpected </" + name + ">");
                }
                open.remove(open.size() - 1);
                stack.remove(stack.size() - 1);
            } else if (line.startsWith("<")) {
                String inside = line.substring(1, line.lastIndexOf('>'));
                String name = inside.split("\\s+", 2)[0];
                String raw = inside.substring(name.length()).strip();
                List<Node> children = new ArrayList<>();
                stack.get(stack.size() - 1).add(new Node(name, raw, number, true, children));
                stack.add(children);
                open.add(name);
            } else {
                String name = line.split("\\s+", 2)[0];
                String raw = line.substring(name.length()).strip();
                stack.get(stack.size() - 1).add(new Node(name, raw, number, false, List.of()));
            }
        }
        if (!open.isEmpty()) {
            throw new ConfigException(new ConfigLocation(FILE, lines.length), "<" + open.get(0) + "> not closed");
        }
        return top;
    }

    private static void run(List<Node> nodes, AccessConfig config, Path root) throws ConfigException {
        for (Node node : nodes) {
            ConfigLocation location = new ConfigLocation(FILE, node.line());
            Directive directive = DIRECTIVES.get(node.section() ? "<" + node.name() : node.name());
            if (directive == null) {
                throw new ConfigException(location, "Invalid command '" + node.name()
                        + "', perhaps misspelled or defined by a module not included in the server configuration");
            }
            List<String> words = Words.split(node.rawArgs());
            ArgShape shape = directive.shape();
            if (shape == ArgShape.ITERATE) {
                for (String word : words) {
                    directive.handler().apply(new Call(node, List.of(word), location, config, root));
                }
            } else if (shape == ArgShape.ITERATE2) {
                if (words.size() < 2) {
                    throw new ConfigException(location, node.name() + " requires at least two arguments, "
                            + directive.help());
                }
                for (String word : words.subList(1, words.size())) {
                    directive.handler().apply(new Call(node, List.of(words.get(0), word), location, config, root));
                }
            } else {
                int expected = switch (shape) {
                    case TAKE1, FLAG -> 1;
                    default -> -1;
                };
                if (expected >= 0 && words.size() != expected) {
                    throw new ConfigException(location, node.name() + " takes one argument, " + directive.help());
                }
                directive.handler().apply(new Call(node, words, location, config, root));
            }
        }
    }

    private record Call(Node node, List<String> args, ConfigLocation location, AccessConfig config, Path root)
            implements DirectiveCall {

        @Override
        public String name() {
            return node.name();
        }

        @Override
        public boolean flag() {
            return args.get(0).toLowerCase(Locale.ROOT).equals("on");
        }

        @Override
        public String rawArgs() {
            return node.rawArgs();
        }

        @Override
        public Scope scope() {
            return Scope.SECTION;
        }

        @Override
        public <T> T serverConfig(ServerConfigKey<T> key) {
            throw new UnsupportedOperationException();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T dirConfig(DirConfigKey<T> key) {
            return (T) config;
        }

        @Override
        public Path resolve(String path) {
            return root.resolve(path);
        }

        @Override
        public void processSection(String kind, String argument, boolean regex) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkPath(java.nio.file.Path path, boolean directory) {
            // nothing to check: these tests only parse rules
        }

        @Override
        public void processContents() throws ConfigException {
            run(node.children(), config, root);
        }

        @Override
        public void processContents(org.sluice.config.MethodSet methods) {
            throw new UnsupportedOperationException();
        }
    }
}
