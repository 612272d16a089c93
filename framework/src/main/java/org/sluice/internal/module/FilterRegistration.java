package org.sluice.internal.module;

import java.util.function.Supplier;
import org.sluice.filter.FilterType;

/** A filter a module registered: its name, its place, and how to make one per connection. */
public record FilterRegistration<F>(String name, FilterType type, Supplier<? extends F> factory, String module) {
}
