package org.sluice.internal.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sluice.config.ArgShape;
import org.sluice.config.ConfigException;
import org.sluice.config.Directive;
import org.sluice.config.MethodSet;
import org.sluice.config.OverrideClass;
import org.sluice.config.Scope;

/**
 * Applies a tree of {@link ConfigNode}s to a {@link ServerConfiguration}: finds each
 * directive, checks where it stands and how many arguments it has, and runs its handler
 * (Apache's {@code ap_walk_config}).
 */
public final class ConfigProcessor {

    private final ServerConfiguration configuration;

    public ConfigProcessor(ServerConfiguration configuration) {
        this.configuration = configuration;
    }

    public ServerConfiguration configuration() {
        return configuration;
    }

    /** Processes top-level nodes for the main server. */
    public void process(List<ConfigNode> nodes) throws ConfigException {
        Host main = configuration.mainServer();
        process(nodes, new Context(Scope.SERVER, main, main.dirDefaults(), null, null, null, null, MethodSet.ALL));
    }

    /**
     * Processes the directives of an access file ({@code .htaccess}) of {@code host} into a new
     * per-section configuration, in HTACCESS scope: a directive is allowed when it declares that
     * scope and one of its override classes is in {@code overrides}, or its name is in
     * {@code directives} ({@code AllowOverrideList}, lower case).
     */
    ConfigVector processAccessFile(List<ConfigNode> nodes, java.nio.file.Path file, Host host, Set<OverrideClass> overrides,
                                   Set<String> directives) throws ConfigException {
        ConfigVector vector = new ConfigVector();
        java.nio.file.Path dir = file.toAbsolutePath().getParent();
        process(nodes, new Context(Scope.HTACCESS, host, vector, null, null, dir == null ? null : dir.toString(),
                new Overrides(overrides, directives), MethodSet.ALL));
        return vector;
    }

    void process(List<ConfigNode> nodes, Context context) throws ConfigException {
        for (ConfigNode node : nodes) {
            apply(node, context);
        }
    }

    private void apply(ConfigNode node, Context context) throws ConfigException {
        String lookup = node.section() ? "<" + node.name() : node.name();
        Directive directive = configuration.modules().directive(lookup);
        if (directive == null) {
            throw new ConfigException(node.location(), "Invalid command '" + lookup
                    + "', perhaps misspelled or defined by a module not included in the server configuration");
        }
        if (node.section() != directive.isSection()) {
            throw new ConfigException(node.location(), node.section()
                    ? "Invalid command '" + lookup + "', " + node.name() + " is not a section"
                    : node.name() + " is a section: write <" + node.name() + " ...> ... </" + node.name() + ">");
        }
        checkScope(directive, node, context);
        List<String> args = node.args();
        String display = displayName(directive);
        switch (directive.shape()) {
            case ITERATE -> {
                if (args.isEmpty()) {
                    throw arity(node, display + " requires at least one argument", directive);
                }
                for (String arg : args) {
                    invoke(directive, node, context, List.of(arg));
                }
            }
            case ITERATE2 -> {
                if (args.size() < 2) {
                    throw arity(node, display + " requires at least two arguments", directive);
                }
                for (String arg : args.subList(1, args.size())) {
                    invoke(directive, node, context, List.of(args.get(0), arg));
                }
            }
            default -> {
                checkArity(directive, node, display);
                invoke(directive, node, context, args);
            }
        }
    }

    private void invoke(Directive directive, ConfigNode node, Context context, List<String> args)
            throws ConfigException {
        try {
            directive.handler().apply(new Call(this, directive, node, context, args));
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException(node.location(), node.name() + ": " + e.getMessage(), e);
        }
    }

    private static String displayName(Directive directive) {
        return directive.isSection() ? directive.name() + ">" : directive.name();
    }

    private static void checkArity(Directive directive, ConfigNode node, String name) throws ConfigException {
        // as Apache reads words, an empty one ("") is no argument: PidFile "" takes one argument
        int n = node.args().contains("") ? -1 : node.args().size();
        // as Apache, the help text follows every arity message but these two
        switch (directive.shape()) {
            case NO_ARGS -> {
                if (n != 0) {
                    throw new ConfigException(node.location(), name + " takes no arguments");
                }
                return;
            }
            case FLAG -> {
                if (n != 1 || !(node.args().get(0).equalsIgnoreCase("on") || node.args().get(0).equalsIgnoreCase("off"))) {
                    throw new ConfigException(node.location(), name + " must be On or Off");
                }
                return;
            }
            default -> {
            }
        }
        String problem = switch (directive.shape()) {
            case NO_ARGS, FLAG -> null;
            case TAKE1 -> n == 1 ? null : name + " takes one argument";
            case TAKE2 -> n == 2 ? null : name + " takes two arguments";
            case TAKE12 -> n == 1 || n == 2 ? null : name + " takes 1-2 arguments";
            case TAKE3 -> n == 3 ? null : name + " takes three arguments";
            case TAKE23 -> n == 2 || n == 3 ? null : name + " takes two or three arguments";
            case TAKE123 -> n >= 1 && n <= 3 ? null : name + " takes one, two or three arguments";
            case TAKE13 -> n == 1 || n == 3 ? null : name + " takes one or three arguments";
            case ITERATE, ITERATE2, RAW_ARGS -> null;
        };
        if (problem != null) {
            // Apache gives the help text with every arity message but the On/Off one
            throw problem.endsWith(" must be On or Off") ? new ConfigException(node.location(), problem)
                    : arity(node, problem, directive);
        }
    }

    private static ConfigException arity(ConfigNode node, String problem, Directive directive) {
        String help = directive.help();
        return new ConfigException(node.location(), help == null || help.isEmpty() ? problem : problem + ", " + help);
    }

    private static void checkScope(Directive directive, ConfigNode node, Context context) throws ConfigException {
        if (directive.scopes().contains(context.scope())
                && (context.overrides() == null || context.overrides().allow(directive))) {
            return;
        }
        String name = displayName(directive);
        String message = switch (context.scope()) {
            case VIRTUAL_HOST -> name + " cannot occur within <VirtualHost> section";
            // httpd's words: a directive its section does not take is "not allowed in <Directory> context"
            case SECTION -> directive.isSection() && !isConditional(context.section())
                    ? name + " cannot occur within <" + context.section() + "> section"
                    // httpd's words in <If>: "<Location not allowed in <If> context"
                    : directive.name() + " not allowed in <" + context.section() + "> context";
            case HTACCESS -> name + " not allowed here";
            case SERVER -> name + " not allowed here";
        };
        throw new ConfigException(node.location(), message);
    }

    /**
     * Where processing stands: the scope, the host being configured and its section (its name
     * as written and its argument, or null for a conditional section); the directory of a
     * {@code <Directory>} section or an access file (else null); in an access file, what
     * {@code AllowOverride} allows (else null); the methods the enclosing {@code <Limit>}
     * sections leave.
     */
    record Context(Scope scope, Host host, ConfigVector dirConfigs, String section, String sectionArgument,
                   String directory, Overrides overrides, MethodSet methods) {
    }

    /** Whether {@code section} names an {@code <If>}, {@code <ElseIf>} or {@code <Else>} section. */
    static boolean isConditional(String section) {
        return section != null && (section.equalsIgnoreCase("If") || section.equalsIgnoreCase("ElseIf")
                || section.equalsIgnoreCase("Else"));
    }

    /** {@code AllowOverride} and {@code AllowOverrideList} of an access file's directory. */
    record Overrides(Set<OverrideClass> classes, Set<String> directives) {

        boolean allow(Directive directive) {
            for (OverrideClass c : directive.overrides()) {
                if (classes.contains(c)) {
                    return true;
                }
            }
            String name = directive.isSection() ? directive.name().substring(1) : directive.name();
            return directives.contains(name.toLowerCase(Locale.ROOT));
        }
    }

    private static boolean isFlagOn(String word) {
        return word.equalsIgnoreCase("on");
    }

    /** One use of a directive. */
    static final class Call implements org.sluice.config.DirectiveCall, CoreCall {
        private final ConfigProcessor processor;
        private final Directive directive;
        private final ConfigNode node;
        private final Context context;
        private final List<String> args;

        Call(ConfigProcessor processor, Directive directive, ConfigNode node, Context context, List<String> args) {
            this.processor = processor;
            this.directive = directive;
            this.node = node;
            this.context = context;
            this.args = args;
        }

        @Override
        public String name() {
            return node.name();
        }

        @Override
        public List<String> args() {
            return args;
        }

        @Override
        public boolean flag() {
            if (directive.shape() != ArgShape.FLAG) {
                throw new IllegalStateException(directive.name() + " is not a FLAG directive");
            }
            return isFlagOn(args.get(0));
        }

        @Override
        public String rawArgs() {
            return node.rawArgs();
        }

        @Override
        public org.sluice.config.ConfigLocation location() {
            return node.location();
        }

        @Override
        public Scope scope() {
            return context.scope();
        }

        @Override
        public <T> T serverConfig(org.sluice.config.ServerConfigKey<T> key) {
            if (context.scope() == Scope.HTACCESS) {
                // the running host is shared by every request: an access file never changes it
                throw new IllegalStateException("not allowed in an access file");
            }
            return context.host().serverConfigs().get(key, key.create());
        }

        @Override
        public <T> T dirConfig(org.sluice.config.DirConfigKey<T> key) {
            return context.dirConfigs().get(key, key.create());
        }

        @Override
        public String directory() {
            return context.directory();
        }

        @Override
        public String section() {
            return context.section();
        }

        @Override
        public String sectionArgument() {
            return context.sectionArgument();
        }

        @Override
        public <T> List<T> extensions(Class<T> type) {
            return processor.configuration.modules().extensions(type);
        }

        @Override
        public java.nio.file.Path resolve(String path) {
            return processor.configuration.resolve(path);
        }

        @Override
        public void checkPath(java.nio.file.Path path, boolean directory) {
            if (context.scope() == Scope.HTACCESS) {
                // read while serving: a missing file shows when it is used
                return;
            }
            processor.configuration.global().pathChecks.add(
                    new org.sluice.internal.core.GlobalConfig.PathCheck(path, directory, directive.name(), node.location()));
        }

        @Override
        public void processSection(String kind, String argument, boolean regex) throws ConfigException {
            if (context.scope() == Scope.HTACCESS && !kind.equals("Files")) {
                throw error("<" + node.name() + "> not allowed here");
            }
            if (!context.methods().isAll()) {
                throw error("<" + node.name() + "> cannot occur within <Limit> or <LimitExcept> section");
            }
            String enclosing = context.section();
            if (isConditional(enclosing)) {
                if (kind.equals("Files")) {
                    throw error("<" + node.name() + "> inside <" + enclosing + "> is not supported by Sluice: put the <If>"
                            + " inside the <" + node.name() + "> section");
                }
                throw error("<" + node.name() + " not allowed in <" + enclosing + "> context");
            }
            // as httpd: no Directory or Location section within another section, no Files within a Location
            if (enclosing != null && (kind.equals("Directory") || kind.equals("Location")
                    || kind.equals("Files") && enclosing.regionMatches(true, 0, "Location", 0, 8))) {
                throw error("<" + node.name() + "> cannot occur within <" + enclosing + "> section");
            }
            java.util.regex.Pattern pattern = null;
            if (regex) {
                try {
                    pattern = java.util.regex.Pattern.compile(argument);
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw error("Regular expression could not be compiled: " + e.getDescription());
                }
            }
            Section section = new Section(kind, argument, pattern, node.location(), new ConfigVector());
            String display = node.name();
            if (context.scope() == Scope.HTACCESS) {
                // the access file's own: it carries them to the files below its directory
                context.dirConfigs().get(Section.IN_ACCESS_FILES, Section.IN_ACCESS_FILES.create()).add(section);
                processor.process(node.children(),
                        new Context(Scope.HTACCESS, context.host(), section.configs(), display, argument, null,
                                context.overrides(), MethodSet.ALL));
                return;
            }
            context.host().sections().add(section);
            processor.process(node.children(),
                    new Context(Scope.SECTION, context.host(), section.configs(), display, argument,
                            kind.equals("Directory") && !regex ? argument : null, null, MethodSet.ALL));
        }

        @Override
        public void processContents() throws ConfigException {
            processor.process(node.children(), context);
        }

        @Override
        public org.sluice.config.DirConfig processConditionalSection() throws ConfigException {
            if (!context.methods().isAll()) {
                throw error("<" + node.name() + "> cannot occur within <Limit> or <LimitExcept> section");
            }
            ConfigVector configs = new ConfigVector();
            Scope scope = context.scope() == Scope.HTACCESS ? Scope.HTACCESS : Scope.SECTION;
            processor.process(node.children(), new Context(scope, context.host(), configs, node.name(), null,
                    context.directory(), context.overrides(), MethodSet.ALL));
            return new MergedDirConfig(configs);
        }

        @Override
        public MethodSet methods() {
            return context.methods();
        }

        @Override
        public void processContents(MethodSet methods) throws ConfigException {
            processor.process(node.children(), new Context(context.scope(), context.host(), context.dirConfigs(),
                    context.section(), context.sectionArgument(), context.directory(), context.overrides(),
                    context.methods().and(methods)));
        }

        @Override
        public ServerConfiguration configuration() {
            return processor.configuration;
        }

        @Override
        public Host host() {
            return context.host();
        }

        @Override
        public ConfigNode node() {
            return node;
        }

        @Override
        public void processAsVirtualHost(Host host) throws ConfigException {
            processor.process(node.children(),
                    new Context(Scope.VIRTUAL_HOST, host, host.dirDefaults(), null, null, null, null, MethodSet.ALL));
        }
    }
}
