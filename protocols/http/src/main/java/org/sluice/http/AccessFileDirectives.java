package org.sluice.http;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sluice.config.ArgShape;
import org.sluice.config.ConfigException;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;
import org.sluice.config.OverrideClass;
import org.sluice.module.Registry;

/** {@code AllowOverride}, {@code AllowOverrideList} and {@code AccessFileName}, as Apache 2.4 spells them. */
final class AccessFileDirectives {

    private AccessFileDirectives() {
    }

    static void register(Registry r) {
        r.directive(Directive.of("AllowOverride", ArgShape.RAW_ARGS, Directive.SECTIONS,
                "Controls what groups of directives can be configured by per-directory config files",
                AccessFileDirectives::allowOverride));
        r.directive(Directive.of("AllowOverrideList", ArgShape.RAW_ARGS, Directive.SECTIONS,
                "Controls what individual directives can be configured by per-directory config files",
                AccessFileDirectives::allowOverrideList));
        r.directive(Directive.of("AccessFileName", ArgShape.RAW_ARGS, Directive.SERVER_OR_VHOST,
                "Name(s) of per-directory config files (default: .htaccess)", c -> {
                    words(c);
                    config(c).names = List.copyOf(c.args());
                }));
    }

    private static AccessFileConfig config(DirectiveCall c) {
        return c.dirConfig(AccessFileConfig.KEY);
    }

    private static List<String> words(DirectiveCall c) throws ConfigException {
        if (c.args().isEmpty()) {
            throw c.error(c.name() + " requires at least one argument");
        }
        return c.args();
    }

    private static void allowOverride(DirectiveCall c) throws ConfigException {
        Set<OverrideClass> classes = EnumSet.noneOf(OverrideClass.class);
        Set<HttpDirConfig.Option> options = null;
        for (String word : words(c)) {
            String lower = word.toLowerCase(Locale.ROOT);
            if (lower.equals("none")) {
                classes.clear();
            } else if (lower.equals("all")) {
                classes.addAll(AccessFileConfig.all());
                options = null;
            } else if (lower.equals("options") || lower.startsWith("options=")) {
                classes.add(OverrideClass.OPTIONS);
                options = lower.equals("options") ? null : optionList(c, word.substring("options=".length()));
            } else if (lower.startsWith("nonfatal=")) {
                throw c.error("AllowOverride " + word + " is not supported: an error in an access file is always"
                        + " fatal to the request");
            } else {
                OverrideClass match = null;
                for (OverrideClass o : OverrideClass.values()) {
                    if (o.keyword().equalsIgnoreCase(word)) {
                        match = o;
                    }
                }
                if (match == null) {
                    throw c.error("Illegal override option " + word
                            + " (use None, All, AuthConfig, FileInfo, Indexes, Limit or Options[=...])");
                }
                classes.add(match);
            }
        }
        AccessFileConfig config = config(c);
        config.overrides = classes;
        config.options = options;
    }

    private static Set<HttpDirConfig.Option> optionList(DirectiveCall c, String list) throws ConfigException {
        Set<HttpDirConfig.Option> options = EnumSet.noneOf(HttpDirConfig.Option.class);
        for (String name : list.split(",")) {
            Set<HttpDirConfig.Option> named = HttpDirConfig.Option.named(name.strip());
            if (named == null) {
                throw c.error("Illegal option " + name + " in AllowOverride Options=");
            }
            options.addAll(named);
        }
        return options;
    }

    private static void allowOverrideList(DirectiveCall c) throws ConfigException {
        Set<String> names = new HashSet<>();
        for (String word : words(c)) {
            if (word.equalsIgnoreCase("none")) {
                names.clear();
            } else {
                names.add(word.toLowerCase(Locale.ROOT));
            }
        }
        config(c).directives = Set.copyOf(names);
    }
}
