// The citation network of 2022: directives issued that year and what links them
MATCH p = (a:Directive {year: 2022})-[:IMPLEMENTS|REVIEWS|BASED_ON|AMENDS|SUPPLEMENTS|REPLACES|REPEALS|GUIDES|CITES]-(:Directive)
RETURN p
