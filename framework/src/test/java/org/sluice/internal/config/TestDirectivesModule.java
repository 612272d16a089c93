package org.sluice.internal.config;

import java.util.ArrayList;
import java.util.List;
import org.sluice.config.ArgShape;
import org.sluice.config.DirConfigKey;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;
import org.sluice.config.ServerConfigKey;
import org.sluice.module.Module;
import org.sluice.module.Registry;

/**
 * A module for configuration tests: a directive of every {@link ArgShape} that records its
 * calls, a per-server setting and a per-section trail, each with a merge that shows its order.
 * Loaded with {@code LoadModule org.sluice.internal.config.TestDirectivesModule}.
 */
public final class TestDirectivesModule implements Module {

    /** What the main server or a virtual host was given. */
    public static final ServerConfigKey<Settings> SETTINGS =
            ServerConfigKey.of("test-settings", Settings::new, Settings::merge);

    /** The {@code Mark} directives that apply to a place, outermost first. */
    public static final DirConfigKey<Trail> TRAIL = DirConfigKey.of("test-trail", Trail::new, Trail::merge);

    /** Per-server: the {@code Setting} value (the innermost wins) and every call of a shape directive. */
    public static final class Settings {
        public String value;
        public final List<List<String>> calls = new ArrayList<>();

        static Settings merge(Settings base, Settings host) {
            Settings merged = new Settings();
            merged.value = host.value != null ? host.value : base.value;
            merged.calls.addAll(base.calls);
            merged.calls.addAll(host.calls);
            return merged;
        }
    }

    /** Per-section: the marks of the enclosing scopes, parent before child. */
    public static final class Trail {
        public final List<String> marks = new ArrayList<>();

        static Trail merge(Trail parent, Trail child) {
            Trail merged = new Trail();
            merged.marks.addAll(parent.marks);
            merged.marks.addAll(child.marks);
            return merged;
        }
    }

    @Override
    public String name() {
        return "test_directives";
    }

    @Override
    public void register(Registry registry) {
        shape(registry, "TakeNone", ArgShape.NO_ARGS);
        shape(registry, "TakeFlag", ArgShape.FLAG);
        shape(registry, "TakeOne", ArgShape.TAKE1);
        shape(registry, "TakeTwo", ArgShape.TAKE2);
        shape(registry, "TakeOneOrTwo", ArgShape.TAKE12);
        shape(registry, "TakeThree", ArgShape.TAKE3);
        shape(registry, "TakeTwoOrThree", ArgShape.TAKE23);
        shape(registry, "TakeOneToThree", ArgShape.TAKE123);
        shape(registry, "TakeOneOrThree", ArgShape.TAKE13);
        shape(registry, "TakeEach", ArgShape.ITERATE);
        shape(registry, "TakeKeyAndEach", ArgShape.ITERATE2);
        shape(registry, "TakeRaw", ArgShape.RAW_ARGS);
        registry.directive(Directive.of("Setting", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                "a value for this host", call -> call.serverConfig(SETTINGS).value = call.arg(0)));
        registry.directive(Directive.of("Mark", ArgShape.ITERATE, Directive.ANYWHERE,
                "marks for this place", call -> call.dirConfig(TRAIL).marks.add(call.arg(0))));
        registry.directive(Directive.of("MarkSection", ArgShape.NO_ARGS, Directive.ANYWHERE,
                "marks the section it stands in", call -> call.dirConfig(TRAIL).marks.add(
                        call.section() + " " + call.sectionArgument())));
        registry.directive(Directive.of("SectionOnly", ArgShape.TAKE1, Directive.SECTIONS,
                "a mark only sections take", call -> call.dirConfig(TRAIL).marks.add(call.arg(0))));
    }

    private static void shape(Registry registry, String name, ArgShape shape) {
        registry.directive(Directive.of(name, shape, Directive.ANYWHERE, "help for " + name,
                TestDirectivesModule::record));
    }

    private static void record(DirectiveCall call) {
        List<String> args = new ArrayList<>();
        args.add(call.name());
        args.addAll(call.args());
        call.serverConfig(SETTINGS).calls.add(List.copyOf(args));
    }
}
