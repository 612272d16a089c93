package org.sluice.internal.module;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.sluice.config.ConfigException;
import org.sluice.config.ConfigLocation;
import org.sluice.config.Directive;
import org.sluice.connection.ConnectionHandler;
import org.sluice.connection.PreConnectionHandler;
import org.sluice.filter.FilterType;
import org.sluice.filter.InputFilter;
import org.sluice.filter.OutputFilter;
import org.sluice.hook.Hook;
import org.sluice.hook.Order;
import org.sluice.internal.hook.HookRegistry;
import org.sluice.internal.log.LogCode;
import org.sluice.log.LogItem;
import org.sluice.module.Module;
import org.sluice.module.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The modules of one configuration generation: those that can be loaded (found with
 * ServiceLoader on the class path and in {@code ModulePath} jars) and those that
 * {@code LoadModule} loaded, with everything they registered.
 */
public final class Modules {

    private static final Logger log = LoggerFactory.getLogger(Modules.class);

    private final Map<String, Module> available = new LinkedHashMap<>();
    private final Map<String, Module> loaded = new LinkedHashMap<>();
    /** The httpd module names the loaded modules stand in for. */
    private final java.util.Set<String> provided = new java.util.HashSet<>();
    private final Map<String, Directive> directives = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, String> directiveOwners = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final HookRegistry hooks = new HookRegistry();
    private final Map<String, FilterRegistration<InputFilter>> inputFilters = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, FilterRegistration<OutputFilter>> outputFilters = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, ConnectionHandler> protocols = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, PreConnectionHandler> preConnectionHandlers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<Class<?>, List<Object>> extensions = new HashMap<>();
    private final Map<Character, LogCode> logItems = new HashMap<>();
    private ClassLoader classLoader = Modules.class.getClassLoader();

    /** Finds the modules on the class path. */
    public Modules() {
        discover(ServiceLoader.load(Module.class, classLoader));
    }

    /** Adds the modules in the jars of {@code directory} ({@code ModulePath}). */
    public void addModulePath(Path directory, ConfigLocation at) throws ConfigException {
        List<URL> jars = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.jar")) {
            for (Path jar : stream) {
                jars.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new ConfigException(at, "ModulePath: " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(at, "ModulePath: cannot read directory " + directory + ": " + e.getMessage());
        }
        Collections.sort(jars, (a, b) -> a.toString().compareTo(b.toString()));
        classLoader = new URLClassLoader(jars.toArray(URL[]::new), classLoader);
        discover(ServiceLoader.load(Module.class, classLoader));
    }

    private void discover(ServiceLoader<Module> loader) {
        for (Module module : loader) {
            available.putIfAbsent(module.name().toLowerCase(Locale.ROOT), module);
        }
    }

    /** Loads a module that is always present, such as the core. */
    public void loadBuiltIn(Module module) {
        available.putIfAbsent(module.name().toLowerCase(Locale.ROOT), module);
        register(module);
    }

    /**
     * {@code LoadModule name}: by module name, or by the class name of a module on the class
     * path. Loading a module twice is a warning.
     */
    public void load(String nameOrClass, ConfigLocation at) throws ConfigException {
        Module module = available.get(nameOrClass.toLowerCase(Locale.ROOT));
        if (module == null) {
            module = instantiate(nameOrClass, at);
        }
        if (loaded.containsKey(module.name().toLowerCase(Locale.ROOT))) {
            log.warn("{}: module {} is already loaded, skipping", at, module.name());
            return;
        }
        try {
            register(module);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at, "LoadModule " + nameOrClass + ": " + e.getMessage());
        }
    }

    /**
     * {@code LoadModule foo_module modules/mod_foo.so}, an httpd configuration's line: loads the
     * Sluice module that stands in for httpd's mod_foo ({@link Module#provides()}), once, without
     * a warning for the lines that name the same one again. An httpd module nothing stands in
     * for is refused at its line, saying so.
     */
    public void loadHttpdModule(String identifier, String file, ConfigLocation at) throws ConfigException {
        String httpdName = identifier.substring(0, identifier.length() - "_module".length()).toLowerCase(Locale.ROOT);
        Module standIn = available.get(httpdName);
        if (standIn == null) {
            for (Module module : available.values()) {
                if (module.provides().stream().anyMatch(name -> name.equalsIgnoreCase(httpdName))) {
                    standIn = module;
                    break;
                }
            }
        }
        if (standIn == null) {
            throw new ConfigException(at, "Cannot load " + identifier + (file == null ? "" : " (" + file + ")")
                    + ": Sluice has no module that stands in for httpd's mod_" + httpdName + "; remove the line"
                    + " (LoadModule takes Sluice's modules: " + String.join(", ", available.keySet()) + ")");
        }
        if (!loaded.containsKey(standIn.name().toLowerCase(Locale.ROOT))) {
            try {
                register(standIn);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(at, "LoadModule " + identifier + ": " + e.getMessage());
            }
        }
    }

    private Module instantiate(String className, ConfigLocation at) throws ConfigException {
        Object instance = newInstance(className, at, "LoadModule");
        if (!(instance instanceof Module module)) {
            throw new ConfigException(at, "Cannot load module " + className + ": not a module (known modules: "
                    + String.join(", ", available.keySet()) + ")");
        }
        return module;
    }

    /** Creates an instance of a class named in the configuration (handlers, filters, modules). */
    public Object newInstance(String className, ConfigLocation at, String directive) throws ConfigException {
        try {
            Class<?> type = Class.forName(className, true, classLoader);
            return type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new ConfigException(at, "Cannot load " + className + " for " + directive
                    + ": no such module, protocol or class"
                    + (directive.equals("LoadModule") ? " (known modules: " + String.join(", ", available.keySet()) + ")" : ""));
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ConfigException(at, "Cannot create " + className + " for " + directive + ": " + e);
        }
    }

    private void register(Module module) {
        String name = module.name().toLowerCase(Locale.ROOT);
        loaded.put(name, module);
        for (String stoodIn : module.provides()) {
            provided.add(stoodIn.toLowerCase(Locale.ROOT));
        }
        module.register(new ModuleRegistry(module.name()));
    }

    /** Whether a loaded module has this name, or {@linkplain Module#provides() stands in} for an httpd module of it. */
    public boolean isLoaded(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return loaded.containsKey(lower) || provided.contains(lower);
    }

    public List<String> loadedNames() {
        return loaded.values().stream().map(Module::name).toList();
    }

    public List<String> availableNames() {
        return List.copyOf(available.keySet());
    }

    public Directive directive(String name) {
        return directives.get(name);
    }

    public String directiveOwner(String name) {
        return directiveOwners.get(name);
    }

    public HookRegistry hooks() {
        return hooks;
    }

    public FilterRegistration<InputFilter> inputFilter(String name) {
        return inputFilters.get(name);
    }

    public FilterRegistration<OutputFilter> outputFilter(String name) {
        return outputFilters.get(name);
    }

    public ConnectionHandler protocol(String name) {
        return protocols.get(name);
    }

    public List<String> protocolNames() {
        return List.copyOf(protocols.keySet());
    }

    public PreConnectionHandler preConnectionHandler(String name) {
        return preConnectionHandlers.get(name);
    }

    /** The extensions of {@code type} in load order; a read-only view, cheap enough per request. */
    @SuppressWarnings("unchecked")
    public <T> List<T> extensions(Class<T> type) {
        return (List<T>) Collections.unmodifiableList(extensions.getOrDefault(type, List.of()));
    }

    public Map<Character, LogCode> logItems() {
        return Collections.unmodifiableMap(logItems);
    }

    /** What one module registers, recorded under its name. */
    private final class ModuleRegistry implements Registry {
        private final String module;

        ModuleRegistry(String module) {
            this.module = module;
        }

        @Override
        public String moduleName() {
            return module;
        }

        @Override
        public void directive(Directive directive) {
            String owner = directiveOwners.get(directive.name());
            if (owner != null && !owner.equals(module)) {
                throw new IllegalArgumentException("directive " + directive.name() + " of module " + module
                        + " is already defined by module " + owner);
            }
            directives.put(directive.name(), directive);
            directiveOwners.put(directive.name(), module);
        }

        @Override
        public <F> void hook(Hook<F> hook, F function, Order order) {
            hooks.add(hook, module, function, order);
        }

        @Override
        public void inputFilter(String name, FilterType type, Supplier<? extends InputFilter> factory) {
            inputFilters.put(name, new FilterRegistration<>(name, type, factory, module));
        }

        @Override
        public void outputFilter(String name, FilterType type, Supplier<? extends OutputFilter> factory) {
            outputFilters.put(name, new FilterRegistration<>(name, type, factory, module));
        }

        @Override
        public void protocol(String name, ConnectionHandler handler) {
            protocols.put(name, handler);
        }

        @Override
        public void preConnectionHandler(String name, PreConnectionHandler handler) {
            preConnectionHandlers.put(name, handler);
        }

        @Override
        public <T> void extension(Class<T> type, T extension) {
            extensions.computeIfAbsent(type, t -> new ArrayList<>()).add(type.cast(extension));
        }

        @Override
        public void logItem(char code, LogItem.Redirected byDefault, LogItem.Factory factory) {
            logItems.put(code, new LogCode(byDefault, factory));
        }
    }
}
