package org.sluice.http;

import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.config.ConfigException;
import org.sluice.config.ConfigLocation;
import org.sluice.config.DirConfig;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;
import org.sluice.config.OverrideClass;
import org.sluice.expr.Evaluation;
import org.sluice.expr.Expression;
import org.sluice.module.Registry;
import org.sluice.server.VirtualHost;

/**
 * {@code <If>}, {@code <ElseIf>} and {@code <Else>} (httpd's core): sections whose directives
 * apply to a request when an expression holds.
 *
 * <pre>
 * &lt;If "%{HTTP_HOST} != 'www.example.com'"&gt;
 *     Redirect permanent / https://www.example.com/
 * &lt;/If&gt;
 * &lt;ElseIf "-R '10.0.0.0/8'"&gt;
 *     Header set X-Internal yes
 * &lt;/ElseIf&gt;
 * &lt;Else&gt;
 *     Require all granted
 * &lt;/Else&gt;
 * </pre>
 *
 * A section's sections are kept in its configuration, in order, and merged with it as httpd
 * merges its {@code sec_if} lists: the server's, then the virtual host's, the {@code <Directory>}
 * sections', the access files', the {@code <Files>} and the {@code <Location>} sections'. After
 * each {@code <Location>} merge of a request, the ones that hold are merged over it in that
 * order, then the {@code <If>} sections inside those. A request whose configuration has none
 * pays one check of an empty list.
 */
final class IfSections {

    private static final Logger LOG = LoggerFactory.getLogger(IfSections.class);

    /** Which of the three a section is. */
    enum Kind {
        IF("If"), ELSE_IF("ElseIf"), ELSE("Else");

        final String word;

        Kind(String word) {
            this.word = word;
        }

        /** Whether it continues a chain (httpd's {@code AP_CONDITION_ELSE}). */
        boolean continues() {
            return this != IF;
        }
    }

    /**
     * One section: its condition (null for {@code <Else>}) and what it configures.
     */
    record Section(Kind kind, Expression<Request> condition, DirConfig config, ConfigLocation location) {
    }

    private IfSections() {
    }

    static void register(Registry registry) {
        for (Kind kind : Kind.values()) {
            registry.directive(Directive.sectionWithOverrides(kind.word, Directive.ANYWHERE_AND_HTACCESS,
                    EnumSet.allOf(OverrideClass.class), "Container for directives to be conditionally applied",
                    c -> section(c, kind)));
        }
    }

    private static void section(DirectiveCall c, Kind kind) throws ConfigException {
        List<String> words = c.args();
        Expression<Request> condition = null;
        if (kind == Kind.ELSE) {
            if (!words.isEmpty() && !words.get(0).isEmpty()) {
                throw c.error("<Else> does not take an argument");
            }
        } else {
            if (words.isEmpty() || words.get(0).isEmpty()) {
                throw c.error("<" + kind.word + "> directive requires additional arguments");
            }
            condition = HttpExpressions.condition(c, words.get(0), "Cannot parse condition clause: ");
        }
        DirConfig config = c.processConditionalSection();
        HttpDirConfig dir = c.dirConfig(HttpDirConfig.KEY);
        if (kind.continues() && (dir.ifSections.isEmpty()
                || dir.ifSections.get(dir.ifSections.size() - 1).kind() == Kind.ELSE)) {
            throw c.error("<Else> or <ElseIf> section without previous <If> or <ElseIf> section in same scope");
        }
        if (words.size() > 1) {
            throw c.error("Multiple <" + kind.word + "> arguments not supported.");
        }
        dir.ifSections = HttpDirConfig.append(dir.ifSections, new Section(kind, condition, config, c.location()));
    }

    /**
     * {@code config} with the sections of its {@code <If>} chains that hold for {@code r}
     * merged over it, then those nested in them (httpd's {@code ap_if_walk}).
     */
    static DirConfig apply(Request r, DirConfig config) {
        List<Section> sections = config.get(HttpDirConfig.KEY).ifSections;
        return sections.isEmpty() ? config : walk(r, config, sections, 0);
    }

    /**
     * {@link #apply(Request, DirConfig)} to the request's own configuration. Without sections
     * this is the look-up of the module's configuration the later phases make anyway.
     */
    static void apply(Request r) {
        List<Section> sections = r.config(HttpDirConfig.KEY).ifSections;
        if (!sections.isEmpty()) {
            r.dirConfig(walk(r, r.dirConfig(), sections, 0));
        }
    }

    private static DirConfig walk(Request r, DirConfig config, List<Section> sections, int depth) {
        VirtualHost host = r.virtualHost();
        DirConfig merged = null;
        // 1: the chain's last condition held; 0: it did not; -1: an <Else> was taken
        int previous = -1;
        for (Section section : sections) {
            if (section.kind().continues() && previous == 1) {
                continue;
            }
            if (section.condition() != null) {
                Evaluation<Request> evaluation = new Evaluation<>(r);
                int result = HttpExpressions.test(section.condition(), evaluation, section.location());
                if (result <= 0) {
                    if (result < 0) {
                        LOG.error("{}: Failed to evaluate <If > condition: {}", r, evaluation.failure());
                    }
                    previous = 0;
                    continue;
                }
                previous = 1;
            } else {
                previous = -1;
            }
            merged = merged == null ? section.config() : host.merge(merged, section.config());
        }
        if (merged == null) {
            return config;
        }
        DirConfig result = host.merge(config, merged);
        List<Section> nested = merged.get(HttpDirConfig.KEY).ifSections;
        // nesting is bounded by the configuration; the depth guard only keeps a mistake from looping
        return nested.isEmpty() || depth > 32 ? result : walk(r, result, nested, depth + 1);
    }
}
