package org.sluice.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sluice.config.ArgShape;
import org.sluice.config.DirConfigKey;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;
import org.sluice.filter.FilterType;
import org.sluice.hook.Order;
import org.sluice.hook.Result;
import org.sluice.module.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which output filters a request gets, as Apache's core, mod_mime and mod_filter choose them:
 * {@code SetOutputFilter}, {@code AddOutputFilter} by file extension (found by the type checker,
 * {@link MimeMappings}) and {@code AddOutputFilterByType} by media type, all per directory. The
 * insert_filter function adds them to the request; the module registers {@code DEFLATE} among them.
 *
 * <pre>
 * AddOutputFilterByType DEFLATE text/html text/plain
 * &lt;Directory /srv/logs&gt;
 *     AddOutputFilter DEFLATE .log
 * &lt;/Directory&gt;
 * </pre>
 *
 * <p>A type is matched against the content type the response has when it starts, without its
 * parameters: a handler that sets its type itself gets the filters for that type (see
 * {@link ByTypeFilter}).
 */
final class OutputFilters {

    private static final Logger LOG = LoggerFactory.getLogger(OutputFilters.class);

    /** The per-directory settings; child sections override SetOutputFilter and extend the rest. */
    static final class Config {
        static final DirConfigKey<Config> KEY = DirConfigKey.of("http-output-filters", Config::new, Config::merge);

        /** {@code SetOutputFilter}; null to inherit. */
        List<String> set;
        /** {@code AddOutputFilterByType}: media type to filter names. */
        Map<String, List<String>> byType = new LinkedHashMap<>();

        boolean isEmpty() {
            return (set == null || set.isEmpty()) && byType.isEmpty();
        }

        static Config merge(Config parent, Config child) {
            Config m = new Config();
            m.set = child.set != null ? child.set : parent.set;
            m.byType = new LinkedHashMap<>(parent.byType);
            child.byType.forEach((type, names) -> m.byType.merge(type, names, OutputFilters::union));
            return m;
        }
    }

    private OutputFilters() {
    }

    static void register(Registry r) {
        r.outputFilter("DEFLATE", FilterType.CONTENT, DeflateOutputFilter::new);
        r.directive(Directive.withOverrides("SetOutputFilter", ArgShape.TAKE1, Directive.ANYWHERE_AND_HTACCESS,
                HttpDirectives.FILE_INFO,
                "filter (or ; delimited list of filters) to be run on the request content",
                c -> config(c).set = c.arg(0).equalsIgnoreCase("none") ? List.of() : names(c.arg(0))));
        r.directive(Directive.withOverrides("AddOutputFilterByType", ArgShape.ITERATE2, Directive.ANYWHERE_AND_HTACCESS,
                HttpDirectives.FILE_INFO,
                "output filter name (or ; delimited names) followed by one or more content types",
                c -> config(c).byType.merge(c.arg(1).toLowerCase(Locale.ROOT), names(c.arg(0)),
                        OutputFilters::union)));
        r.hook(HttpHooks.INSERT_FILTER, OutputFilters::insert, Order.LAST);
    }

    /**
     * insert_filter: SetOutputFilter's filters, then those for the file's extensions; those for
     * the type are added when the response starts.
     */
    static Result insert(Request r) {
        Config config = r.config(Config.KEY);
        List<String> byExtension = r.extensionFilters();
        if (config.isEmpty() && byExtension == null) {
            return Result.OK;
        }
        Set<String> names = new LinkedHashSet<>();
        if (config.set != null) {
            names.addAll(config.set);
        }
        if (byExtension != null) {
            names.addAll(byExtension);
        }
        for (String name : names) {
            add(r, name);
        }
        if (!config.byType.isEmpty()) {
            r.addOutputFilter(ByTypeFilter.NAME, FilterType.RESOURCE, new ByTypeFilter(names));
        }
        return Result.OK;
    }

    /** Adds the filter registered as {@code name} to the request; an unknown name is logged. */
    static void add(Request r, String name) {
        try {
            r.addOutputFilter(name);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: no output filter named {} (SetOutputFilter, AddOutputFilter or AddOutputFilterByType): {}",
                    r, name, e.getMessage());
        }
    }

    private static Config config(DirectiveCall c) {
        return c.dirConfig(Config.KEY);
    }

    /** The filter names of a {@code ;}-delimited list. */
    static List<String> names(String list) {
        List<String> names = new ArrayList<>();
        for (String name : list.split(";")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        return List.copyOf(names);
    }

    private static List<String> union(List<String> a, List<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
