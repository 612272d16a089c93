package org.sluice.config;

/** Where a directive may appear. */
public enum Scope {
    /** The main server, outside every section. */
    SERVER,
    /** Inside {@code <VirtualHost>}. */
    VIRTUAL_HOST,
    /** Inside {@code <Location>}, {@code <Directory>}, {@code <Files>} and their Match forms. */
    SECTION,
    /** In a {@code .htaccess} file, when {@code AllowOverride} allows its {@link OverrideClass}. */
    HTACCESS
}
