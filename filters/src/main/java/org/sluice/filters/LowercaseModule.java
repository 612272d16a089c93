package org.sluice.filters;

import org.sluice.filter.FilterType;
import org.sluice.module.Module;
import org.sluice.module.Registry;

/** The {@code lowercase} module: registers the {@code lowercase} connection output filter. */
public final class LowercaseModule implements Module {

    @Override
    public String name() {
        return "lowercase";
    }

    @Override
    public void register(Registry registry) {
        registry.outputFilter("lowercase", FilterType.CONNECTION, LowercaseFilter::new);
    }
}
