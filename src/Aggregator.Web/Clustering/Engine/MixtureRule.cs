using System.Runtime.CompilerServices;

namespace Aggregator.Web.Clustering.Engine;

// The join rule of streaming Dirichlet multinomial mixtures (GSDMM / MStream, Yin and Wang, KDD 2014 and 2018): the
// article joins the topic most likely to have generated its words, weighted by the topic's pull (its activity, or its
// time-decayed size), or founds a new one when an empty topic, weighted by alpha times the open articles' pull,
// explains it better. Short texts share few words, and this rule judges them by how typical each word is of the
// topic, not by angle.
internal sealed class MixtureRule(StoryClustererOptions options, Vocabulary vocabulary, StoryClock clock)
{
    // The best candidate for the article, or null when a new topic is likelier; the score is the chosen topic's
    // probability against a new one. pull: the open topics' total pull at the article's time. On a second look
    // (leaving: the topic the article is alone in) a new topic is favoured by the margin, and only topics that began
    // shortly before the article and are not split from its own count.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (OpenTopic? Best, double Score) Choose(ArticleVector vector, List<OpenTopic> candidates, long? ticks, double pull, OpenTopic? leaving)
    {
        var beta = options.MixtureBeta;
        var vBeta = vocabulary.Size * beta;
        var now = ticks ?? clock.Now;
        var byActivity = clock.UsesActivity;
        var background = options.BackgroundWeight > 0;
        var newScore = (leaving is not null ? options.SecondLookMargin : 0) + Math.Log(options.MixtureAlpha * pull)
            + (background ? BackgroundLogWords(vector, beta, vBeta) : LogUnseen(vector) - LogTokens(vector.Tokens, 0, vBeta));
        OpenTopic? best = null;
        var bestScore = newScore;
        var storySince = leaving is not null && ticks is { } own ? own - (long)(SecondLook.Paces * clock.PaceTicks) : long.MinValue;
        foreach (var topic in candidates)
        {
            // On a second look the article's topic would merge into the one it joins: not into a topic that was
            // split from it, and not into an older theme than the story it may belong to.
            if (leaving is not null && (topic.FirstTicks < storySince || topic.Lineage == leaving.Lineage))
            {
                continue;
            }

            var (log, product) = Words(vector, topic);
            var decay = byActivity ? 1.0 : clock.Decay(ticks, topic);
            var logPrior = byActivity ? clock.LogActivity(topic, now) : Vocabulary.LogOf(topic.Size) + (decay == 1.0 ? 0.0 : Math.Log(decay));
            var score = logPrior + (background ? log + Math.Log(product) : WordsOverTokens(log, product, vector.Tokens, topic.Tokens, vBeta));
            if (score > bestScore || (score == bestScore && best is not null && topic.Sequence < best.Sequence))
            {
                best = topic;
                bestScore = score;
            }
        }

        return (best, best is null ? 0 : 1.0 / (1.0 + Math.Exp(newScore - bestScore)));
    }

    // The numerator of the article's word likelihood under a topic, as a logged part and a product still to be logged.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double Log, double Product) Words(ArticleVector vector, OpenTopic topic)
    {
        var terms = topic.Terms;
        var slots = terms.Slots;
        var beta = options.MixtureBeta;
        var background = options.BackgroundWeight;
        var vBeta = vocabulary.Size * beta;
        var (counts, betas) = (vector.Counts, vector.Beta);
        var log = 0.0;
        var product = 1.0;
        var token = 0;
        for (var i = 0; i < vector.Length; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            var slot = terms.Find(vector.Terms[i]);
            var n = slot >= 0 ? slots[slot].Count : 0;
            if (background > 0)
            {
                Draw(vector, ref product, ref log, ref token, n, topic.Tokens, i, beta, vBeta);
            }
            else
            {
                Rise(ref product, ref log, n + betas[i], counts[i]);
            }
        }

        return (log, product);
    }

    // The mixture's word likelihood is a product of rising factorials, one per word (n + beta)(n + beta + 1)... over
    // the topic's count n of it, divided by one over the topic's token total. Products are multiplied out and logged
    // once (a log per factor dominated the cost), folded into the log whenever they leave a safe range.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rise(ref double product, ref double log, double start, int count)
    {
        for (var j = 0; j < count; j++)
        {
            product *= start + j;
            if (product is < 1e-200 or > 1e200)
            {
                log += Math.Log(product);
                product = 1.0;
            }
        }
    }

    // The mixture's word likelihood with a background: each token comes from the topic (weight 1 - b) or from the
    // stream's overall vocabulary (weight b, by document frequency), so words every story of the moment uses ("CES",
    // "AI") are explained by the background and pull an article towards the topic that has seen most of them less.
    // Draws the article's tokens of term i one by one, the topic's counts rising as in the plain rule.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Draw(ArticleVector vector, ref double product, ref double log, ref int token, int n, long total, int i, double beta, double vBeta)
    {
        var b = options.BackgroundWeight;
        var general = b * (vocabulary.Frequency(vector.Terms[i]) + beta) / (vocabulary.Total + vBeta);
        for (var j = 0; j < vector.Counts[i]; j++, token++)
        {
            product *= ((1 - b) * (n + beta + j) / (total + vBeta + token)) + general;
            if (product < 1e-200)
            {
                log += Math.Log(product);
                product = 1.0;
            }
        }
    }

    // The background rule's likelihood for an empty topic.
    private double BackgroundLogWords(ArticleVector vector, double beta, double vBeta)
    {
        var log = 0.0;
        var product = 1.0;
        var token = 0;
        for (var i = 0; i < vector.Length; i++)
        {
            Draw(vector, ref product, ref log, ref token, 0, 0, i, beta, vBeta);
        }

        return log + Math.Log(product);
    }

    // The numerator for a topic that holds none of the article's words.
    private static double LogUnseen(ArticleVector vector)
    {
        var log = 0.0;
        var product = 1.0;
        for (var i = 0; i < vector.Length; i++)
        {
            Rise(ref product, ref log, vector.Beta[i], vector.Counts[i]);
        }

        return log + Math.Log(product);
    }

    // The denominator: the article's tokens drawn from a topic holding the given total.
    private static double LogTokens(int tokens, long total, double vBeta)
    {
        var (log, divisor) = Tokens(tokens, total, vBeta);
        return log + Math.Log(divisor);
    }

    // The denominator as a logged part and a product still to be logged.
    private static (double Log, double Divisor) Tokens(int tokens, long total, double vBeta)
    {
        var log = 0.0;
        var divisor = 1.0;
        for (var i = 0; i < tokens; i++)
        {
            divisor *= total + vBeta + i;
            if (divisor > 1e200)
            {
                log += Math.Log(divisor);
                divisor = 1.0;
            }
        }

        return (log, divisor);
    }

    // The plain rule's log likelihood of the article's words under a topic (the numerator, then the denominator),
    // with one logarithm for the two products unless their ratio would underflow.
    private static double WordsOverTokens(double wordsLog, double wordsProduct, int tokens, long total, double vBeta)
    {
        var (log, divisor) = Tokens(tokens, total, vBeta);
        var ratio = wordsProduct / divisor;
        return ratio > 1e-300
            ? wordsLog - log + Math.Log(ratio)
            : wordsLog + Math.Log(wordsProduct) - log - Math.Log(divisor);
    }
}
