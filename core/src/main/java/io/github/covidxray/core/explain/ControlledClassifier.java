package io.github.covidxray.core.explain;

import ai.djl.translate.TranslateException;
import io.github.covidxray.core.CovidClassifier;
import io.github.covidxray.core.Explanation;
import io.github.covidxray.core.ExplanationMethod;
import io.github.covidxray.core.Prediction;
import io.github.covidxray.core.ReadOptions;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.model.ModelCard;
import java.util.List;
import java.util.function.UnaryOperator;

/** A classifier that transforms every image before the one it wraps sees it; see {@link ShortcutControl#applyTo}. */
final class ControlledClassifier implements CovidClassifier {

    private final CovidClassifier delegate;
    private final UnaryOperator<XrayImage> transform;

    ControlledClassifier(CovidClassifier delegate, UnaryOperator<XrayImage> transform) {
        this.delegate = delegate;
        this.transform = transform;
    }

    @Override
    public Prediction classify(XrayImage image) throws TranslateException {
        return delegate.classify(transform.apply(image));
    }

    @Override
    public List<Prediction> classify(List<XrayImage> images) throws TranslateException {
        return delegate.classify(images.stream().map(transform).toList());
    }

    @Override
    public Explanation explain(XrayImage image) throws TranslateException {
        return delegate.explain(transform.apply(image));
    }

    @Override
    public Explanation explain(XrayImage image, ExplanationMethod method) throws TranslateException {
        return delegate.explain(transform.apply(image), method);
    }

    @Override
    public ReadOptions readOptions() {
        return delegate.readOptions();
    }

    @Override
    public ModelCard card() {
        return delegate.card();
    }

    @Override
    public String engine() {
        return delegate.engine();
    }

    /** The wrapped classifier belongs to the caller: nothing to release here. */
    @Override
    public void close() {}
}
