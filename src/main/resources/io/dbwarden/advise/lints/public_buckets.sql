-- Public Supabase storage buckets (storage.buckets.public), for public-bucket-allows-listing. Runs only when
-- storage.buckets exists.
select id::text as bucket_id, name::text as bucket_name from storage.buckets where public
