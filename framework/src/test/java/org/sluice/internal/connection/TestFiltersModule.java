package org.sluice.internal.connection;

import java.util.Locale;
import org.sluice.filter.FilterType;
import org.sluice.hook.Result;
import org.sluice.module.Module;
import org.sluice.module.Registry;

/**
 * Filters for filter chain tests, registered by name: output filters that mark data with
 * {@code [c]} (CONTENT), {@code [n]} (CONNECTION) or, once, {@code [1]}; input filters that
 * mark it with {@code <c>} (CONTENT) or {@code <n>} (CONNECTION) or upper-case it; and a
 * pre-connection handler {@code adds-content-mark} that adds the {@code [c]} output filter.
 */
public final class TestFiltersModule implements Module {

    @Override
    public String name() {
        return "test_filters";
    }

    @Override
    public void register(Registry registry) {
        registry.outputFilter("content-mark", FilterType.CONTENT, () -> new MarkingOutputFilter("[c]", false));
        registry.outputFilter("connection-mark", FilterType.CONNECTION, () -> new MarkingOutputFilter("[n]", false));
        registry.outputFilter("once-mark", FilterType.CONTENT, () -> new MarkingOutputFilter("[1]", true));
        registry.inputFilter("in-content-mark", FilterType.CONTENT,
                () -> new TransformingInputFilter(text -> MarkingOutputFilter.mark(text, "<c>")));
        registry.inputFilter("in-connection-mark", FilterType.CONNECTION,
                () -> new TransformingInputFilter(text -> MarkingOutputFilter.mark(text, "<n>")));
        registry.inputFilter("uppercase", FilterType.CONTENT,
                () -> new TransformingInputFilter(text -> text.toUpperCase(Locale.ROOT)));
        registry.preConnectionHandler("adds-content-mark", connection -> {
            connection.output().add("content-mark");
            return Result.OK;
        });
    }
}
