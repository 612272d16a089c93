package org.sluice.internal.config;

import java.util.List;
import org.sluice.config.ConfigLocation;

/**
 * One directive or section of a configuration file, after read-time processing (includes,
 * defines, conditional sections) has been applied.
 *
 * @param name the directive name as written, without {@code <} for sections (e.g.
 *     {@code VirtualHost})
 * @param rawArgs the rest of the line after variable substitution, unparsed (for a section,
 *     the text between the name and {@code >})
 * @param args {@code rawArgs} split into words, quotes removed
 * @param section true for {@code <Name ...>...</Name>}
 * @param children the contents of a section, empty for a plain directive
 */
public record ConfigNode(String name, String rawArgs, List<String> args, ConfigLocation location,
                         boolean section, List<ConfigNode> children) {

    public ConfigNode {
        args = List.copyOf(args);
        children = List.copyOf(children);
    }
}
