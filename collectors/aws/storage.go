package aws

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// s3Client returns an S3 client for a region; with an endpoint override
// buckets are addressed path-style.
func (a *acct) s3Client(region string) *s3.Client {
	return s3.NewFromConfig(a.cfg, func(o *s3.Options) {
		if region != "" {
			o.Region = region
		}
		if a.opts.EndpointURL != "" {
			o.UsePathStyle = true
		}
	})
}

type bucketList struct {
	Buckets []s3types.Bucket
	Owner   *s3types.Owner
}

func (a *acct) buckets(ctx context.Context) (bucketList, error) {
	return a.fetches.buckets.Get(ctx, func(ctx context.Context) (bucketList, error) {
		out := bucketList{Buckets: []s3types.Bucket{}}
		p := s3.NewListBucketsPaginator(a.s3Client(a.home), &s3.ListBucketsInput{MaxBuckets: aws.Int32(1000)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return out, call("s3:ListAllMyBuckets", err)
			}
			out.Buckets = append(out.Buckets, page.Buckets...)
			if page.Owner != nil {
				out.Owner = page.Owner
			}
		}
		return out, nil
	})
}

// bucketsSection lists the buckets with their tags; NoSuchTagSet is "no
// tags", data.
func bucketsSection(ctx context.Context, a *acct, _ string) (any, error) {
	list, err := a.buckets(ctx)
	if err != nil {
		return nil, err
	}
	tagging := []map[string]any{}
	for _, b := range list.Buckets {
		out, err := a.s3Client(aws.ToString(b.BucketRegion)).GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: b.Name})
		tags := []s3types.Tag{}
		switch {
		case isCode(err, "NoSuchTagSet"):
		case err != nil:
			return nil, call("s3:GetBucketTagging", err)
		default:
			tags = orEmpty(out.TagSet)
		}
		tagging = append(tagging, map[string]any{"Bucket": aws.ToString(b.Name), "TagSet": tags})
	}
	return map[string]any{"Buckets": list.Buckets, "Owner": list.Owner, "TaggingByBucket": tagging}, nil
}

// trailBucketsSection reads Object Lock and versioning of every bucket a
// trail delivers to that this account owns (one of its ListBuckets);
// ObjectLockConfigurationNotFoundError is "not configured", data. A trail
// bucket the account does not own (a central log archive in another
// account) is recorded as such, without reading it: the account that owns
// it reads it in its own snapshot.
func trailBucketsSection(ctx context.Context, a *acct, _ string) (any, error) {
	trails, err := a.trails(ctx)
	if err != nil {
		return nil, &skipError{reason: "section cloudtrail.trails could not be read, so the trail buckets are unknown: " + oneLine(err.Error())}
	}
	var names []string
	for _, t := range trails {
		if n := aws.ToString(t.S3BucketName); n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	regionOf := map[string]string{}
	if len(names) > 0 {
		// Which trail buckets are this account's, and their regions.
		list, err := a.buckets(ctx)
		if err != nil {
			return nil, err
		}
		for _, b := range list.Buckets {
			regionOf[aws.ToString(b.Name)] = aws.ToString(b.BucketRegion)
		}
	}
	out := []map[string]any{}
	for _, name := range names {
		region, mine := regionOf[name]
		if !mine {
			out = append(out, map[string]any{"Bucket": name, "BucketRegion": nil, "OwnedByAccount": false,
				"ObjectLockConfiguration": nil, "Versioning": nil})
			continue
		}
		c := a.s3Client(region)
		entry := map[string]any{"Bucket": name, "BucketRegion": nilIfEmpty(region), "OwnedByAccount": true}
		lock, err := c.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: aws.String(name)})
		switch {
		case isCode(err, "ObjectLockConfigurationNotFoundError"):
			entry["ObjectLockConfiguration"] = nil
		case err != nil:
			return nil, call("s3:GetBucketObjectLockConfiguration", err)
		default:
			entry["ObjectLockConfiguration"] = lock.ObjectLockConfiguration
		}
		ver, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(name)})
		if err != nil {
			return nil, call("s3:GetBucketVersioning", err)
		}
		entry["Versioning"] = fields(ver, nil)
		out = append(out, entry)
	}
	return map[string]any{"Buckets": out}, nil
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
