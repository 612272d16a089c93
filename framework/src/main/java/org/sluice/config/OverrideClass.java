package org.sluice.config;

/** The {@code AllowOverride} classes that let a directive appear in {@code .htaccess}. */
public enum OverrideClass {
    AUTH_CONFIG("AuthConfig"),
    FILE_INFO("FileInfo"),
    INDEXES("Indexes"),
    LIMIT("Limit"),
    OPTIONS("Options");

    private final String keyword;

    OverrideClass(String keyword) {
        this.keyword = keyword;
    }

    /** The word used in {@code AllowOverride}. */
    public String keyword() {
        return keyword;
    }
}
